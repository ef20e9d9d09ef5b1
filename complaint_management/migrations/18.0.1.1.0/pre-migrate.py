"""18.0.1.1.0: the complaint model split by concern. Carries databases of 18.0.1.0.0 over.

Renamed fields keep their column, their ir.model.fields row and the external ids of the
field and of its selection values (so translations, filters and tracking keep pointing at
them); renamed views keep their record; the solution plans the old demo walker created get
the external ids the new demo data gives them, so an upgrade does not create them again."""

# (model, table, old name, new name)
RENAMED_FIELDS = [
    ("complaint.step", "complaint_step", "step", "step_type"),
    ("complaint.escalation", "complaint_escalation", "step", "step_type"),
    ("complaint.deadline.rule", "complaint_deadline_rule", "step", "step_type"),
    (
        "complaint.complaint",
        "complaint_complaint",
        "compliance_notified",
        "date_compliance_notified",
    ),
]
RENAMED_XMLIDS = [
    ("hr_department_view_form", "hr_department_view_form_inherit_complaint_management"),
    (
        "res_config_settings_view_form",
        "res_config_settings_view_form_inherit_complaint_management",
    ),
    ("resource_calendar_view_form", "resource_calendar_view_form_inherit_complaint_management"),
]
MODULE = "complaint_management"


def _column_exists(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        (table, column),
    )
    return bool(cr.fetchone())


def _rename_field(cr, model, table, old, new):
    if not _column_exists(cr, table, old) or _column_exists(cr, table, new):
        return
    cr.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{old}" TO "{new}"')
    cr.execute(f'ALTER INDEX IF EXISTS "{table}__{old}_index" RENAME TO "{table}__{new}_index"')
    cr.execute(
        "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s", (new, model, old)
    )
    prefix = model.replace(".", "_")
    cr.execute(
        "UPDATE ir_model_data SET name = %s WHERE module = %s AND model = 'ir.model.fields' "
        "AND name = %s",
        (f"field_{prefix}__{new}", MODULE, f"field_{prefix}__{old}"),
    )
    cr.execute(
        "UPDATE ir_model_data SET name = replace(name, %s, %s) WHERE module = %s "
        "AND model = 'ir.model.fields.selection' AND name LIKE %s",
        (
            f"selection__{prefix}__{old}__",
            f"selection__{prefix}__{new}__",
            MODULE,
            f"selection\\_\\_{prefix}\\_\\_{old}\\_\\_%",
        ),
    )


def _adopt_demo_plans(cr):
    """The first plan of each demo complaint becomes ``complaint_plan_demo_<name>``."""
    cr.execute(
        """
        INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
        SELECT d.module, 'complaint_plan_demo_' || substr(d.name, length('complaint_demo_') + 1),
               'complaint.plan', p.id, true
          FROM ir_model_data d
          JOIN complaint_plan p ON p.complaint_id = d.res_id AND p.version = 1
         WHERE d.module = %s AND d.model = 'complaint.complaint'
           AND d.name LIKE 'complaint\\_demo\\_%%'
        ON CONFLICT DO NOTHING
        """,
        (MODULE,),
    )


def migrate(cr, version):
    if not version:
        return
    for model, table, old, new in RENAMED_FIELDS:
        _rename_field(cr, model, table, old, new)
    for old, new in RENAMED_XMLIDS:
        cr.execute(
            "UPDATE ir_model_data SET name = %s WHERE module = %s AND name = %s "
            "AND model = 'ir.ui.view'",
            (new, MODULE, old),
        )
    _adopt_demo_plans(cr)
