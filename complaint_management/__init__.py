from . import controllers
from . import models
from . import report
from . import wizards


def uninstall_hook(env):
    """Records the process made without an external id (the contacts with the customer,
    the crises, the accusation letters) name users and channels that the uninstall removes
    with the data: they go first.
    Their tables are dropped by the uninstall anyway."""
    env.cr.execute(
        """
        UPDATE complaint_step SET contact_id = NULL, kept_by_contact_id = NULL;
        DELETE FROM complaint_contact;
        UPDATE complaint_complaint SET crisis_id = NULL;
        DELETE FROM complaint_crisis_statement;
        DELETE FROM complaint_crisis_measure;
        DELETE FROM complaint_crisis;
        DELETE FROM complaint_accusation;
        """
    )
