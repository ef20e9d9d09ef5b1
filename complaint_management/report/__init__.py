from . import complaint_slip_report
from . import complaint_decision_report
from . import complaint_regulatory_figures
from . import complaint_result_letter_report
from . import complaint_report
from . import complaint_statistics
from . import complaint_dashboard
from . import complaint_monthly_report
