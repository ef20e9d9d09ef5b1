from . import complaint_slip_report
from . import complaint_statistics
