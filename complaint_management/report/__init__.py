from . import complaint_report
from . import complaint_statistics
from . import complaint_dashboard
from . import complaint_slip_report
from . import complaint_monthly_report
