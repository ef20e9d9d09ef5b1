from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCase


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
