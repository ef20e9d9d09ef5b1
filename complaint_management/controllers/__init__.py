from . import portal
from . import disclosure
