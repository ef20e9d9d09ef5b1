from . import (
    complaint_action_wizard,
    complaint_dispatch_wizard,
    complaint_grade_wizard,
    complaint_revisit_wizard,
)
