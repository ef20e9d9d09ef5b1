from . import complaint_action_wizard
from . import complaint_dispatch_wizard
from . import complaint_grade_wizard
from . import complaint_regulatory_export_wizard
from . import complaint_regulatory_wizard
from . import complaint_revisit_wizard
from . import complaint_monthly_report_wizard
from . import complaint_duplicate_wizard
