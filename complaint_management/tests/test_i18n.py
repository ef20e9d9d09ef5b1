import polib
from lxml import etree

from odoo.exceptions import UserError
from odoo.modules.module import get_manifest
from odoo.tests import tagged
from odoo.tools import file_open, file_path
from odoo.tools.translate import TranslationModuleReader

from .common import ComplaintCase

MODULE = "complaint_management"


@tagged("post_install", "-at_install")
class TestChineseTranslation(ComplaintCase):
    """The zh_CN translation loads and reaches users: labels, selections, data and the
    errors a service-desk employee sees."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        cls.desk.lang = "zh_CN"

    def test_labels_selections_and_data_are_chinese(self):
        Complaint = self.env["complaint.complaint"].with_context(lang="zh_CN")
        fields = Complaint.fields_get(["receiver_id", "department_id", "validity", "state"])
        self.assertEqual(fields["receiver_id"]["string"], "受理人")
        self.assertEqual(fields["department_id"]["string"], "责任部门")
        self.assertIn(("valid", "有效投诉"), fields["validity"]["selection"])
        self.assertIn(("archived", "已归档"), fields["state"]["selection"])
        grade = self.grades[1].with_context(lang="zh_CN")
        self.assertIn("一级", grade.name)
        menu = self.env.ref("complaint_management.complaint_menu_root").with_context(lang="zh_CN")
        self.assertEqual(menu.name, "投诉管理")

    def test_errors_reach_the_user_in_chinese(self):
        complaint = self.create_complaint()
        # The web client sends the user's language in every request's context.
        as_desk = self.as_user(complaint, self.desk).with_context(lang=self.desk.lang)
        with self.assertRaises(UserError) as error:
            as_desk._action_change_grade(self.grades[3], " ")
        self.assertEqual(str(error.exception), "请填写调整等级的原因。")
        with self.assertRaises(UserError) as error:
            as_desk.action_archive_complaint()
        self.assertIn("已登记", str(error.exception))


@tagged("post_install", "-at_install")
class TestTranslationIsComplete(ComplaintCase):
    """Every term the addon shows (Python, views, data, the web client's templates and
    scripts) is in the translation template and translated in zh_CN.po: a term added
    without its translation fails here, not in front of a Chinese user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        demo = cls._demo_xmlids()
        reader = TranslationModuleReader(cls.env.cr, modules=[MODULE])
        cls.terms = {}
        for module, _type, name, res_id, source, _value, _comments in reader:
            if module == MODULE and res_id not in demo:
                cls.terms.setdefault(source, f"{name}:{res_id}")
        cls.pot = polib.pofile(file_path(f"{MODULE}/i18n/{MODULE}.pot"))
        cls.po = polib.pofile(file_path(f"{MODULE}/i18n/zh_CN.po"))

    @staticmethod
    def _demo_xmlids():
        """External ids of the records only the demo data makes: their names are data,
        not terms to ship (the demo data also completes some records of the data files)."""

        def xmlids(key):
            found = set()
            for fname in get_manifest(MODULE)[key]:
                if not fname.endswith(".xml"):
                    continue
                with file_open(f"{MODULE}/{fname}", "rb") as handle:
                    for node in etree.parse(handle).iter("record"):
                        xmlid = node.get("id")
                        found.add(xmlid if "." in xmlid else f"{MODULE}.{xmlid}")
            return found

        return xmlids("demo") - xmlids("data")

    def test_every_term_is_translated(self):
        translated = {
            entry.msgid
            for entry in self.po
            if entry.msgstr.strip() and "fuzzy" not in entry.flags and not entry.obsolete
        }
        missing = sorted(
            f"{where}: {source!r}"
            for source, where in self.terms.items()
            if source not in translated
        )
        self.assertFalse(missing, "untranslated in zh_CN.po (run bin/i18n):\n" + "\n".join(missing))

    def test_the_translation_has_no_empty_or_fuzzy_entry(self):
        bad = [
            e.msgid
            for e in self.po
            if not e.obsolete and (not e.msgstr.strip() or "fuzzy" in e.flags)
        ]
        self.assertFalse(bad, f"translate these entries of zh_CN.po: {bad}")

    def test_the_template_is_current(self):
        """complaint_management.pot lists exactly the terms of this checkout (bin/i18n)."""
        template = {entry.msgid for entry in self.pot if not entry.obsolete}
        self.assertFalse(sorted(set(self.terms) - template), "missing from the .pot: run bin/i18n")
        self.assertFalse(sorted(template - set(self.terms)), "stale in the .pot: run bin/i18n")
