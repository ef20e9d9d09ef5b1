from . import test_lifecycle
from . import test_grading
from . import test_deadlines
from . import test_escalation
from . import test_statistics
from . import test_views
from . import test_security
from . import test_tour
