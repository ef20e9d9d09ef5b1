from . import complaint_slip_report
