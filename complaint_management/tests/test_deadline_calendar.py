"""The deadline calendar (complaint.deadline.day): per day, in the company's time zone, and
per department, how many open complaints fall due, how many are overdue; each row opens
the complaints it counts; departments see their own rows."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ComplaintCase, insert_copies


@tagged("post_install", "-at_install")
class TestDeadlineCalendar(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Day = cls.env["complaint.deadline.day"]
        with freeze_time(cls.utc(2026, 11, 23, 10, 0)):  # Monday 10:00 in Shanghai
            cls.ops = cls.create_complaint() | cls.create_complaint()
            for complaint in cls.ops:
                cls.dispatch(complaint)
            cls.it = cls.dispatch(cls.create_complaint(), cls.dep_it, cls.it_handler)
            cls.fresh = cls.create_complaint()
            cls.closed = cls.walk(cls.create_complaint(), "closed")
        cls.env.flush_all()
        # Their next deadlines, in Shanghai: the ones of Operations on the Monday (one at
        # 23:30, which is Tuesday in UTC), IT's on the Tuesday, the desk's on the Monday.
        for complaint, deadline in (
            (cls.ops[0], cls.utc(2026, 11, 23, 23, 30)),
            (cls.ops[1], cls.utc(2026, 11, 23, 12, 0)),
            (cls.it, cls.utc(2026, 11, 24, 9, 0)),
            (cls.fresh, cls.utc(2026, 11, 23, 11, 0)),
            (cls.closed, cls.utc(2026, 11, 23, 11, 0)),
        ):
            cls.env.cr.execute(
                "UPDATE complaint_complaint SET date_deadline = %s WHERE id = %s",
                (deadline, complaint.id),
            )
        cls.env.invalidate_all()

    def rows(self, user=None):
        domain = [("company_id", "=", self.company.id)]
        return {
            (row.date, row.department_id): row
            for row in self.Day.with_user(user or self.supervisor).search(domain)
        }

    def test_one_row_per_local_day_and_department(self):
        with freeze_time(self.utc(2026, 11, 23, 13, 0)):
            rows = self.rows()
        monday, tuesday = date(2026, 11, 23), date(2026, 11, 24)
        self.assertEqual(
            set(rows),
            {(monday, self.dep_ops), (tuesday, self.dep_it), (monday, self.dep_desk.browse())},
        )
        ops = rows[monday, self.dep_ops]
        self.assertEqual(
            (ops.complaint_count, ops.overdue_count), (2, 1), "closed ones not counted"
        )
        self.assertEqual(ops.display_name, "Operations: 2 due, 1 overdue")
        self.assertEqual(rows[tuesday, self.dep_it].display_name, "IT: 1 due")
        self.assertEqual(
            rows[monday, self.dep_desk.browse()].display_name, "Service desk: 1 due, 1 overdue"
        )

    def test_a_row_opens_the_complaints_it_counts(self):
        row = self.rows()[date(2026, 11, 23), self.dep_ops]
        action = row.action_open_complaints()
        self.assertEqual(action["res_model"], "complaint.complaint")
        found = self.env["complaint.complaint"].with_user(self.supervisor).search(action["domain"])
        self.assertEqual(found, self.ops)

    def test_departments_see_their_own_rows(self):
        self.assertEqual({dept for _day, dept in self.rows(self.handler)}, {self.dep_ops})
        self.assertEqual({dept for _day, dept in self.rows(self.it_handler)}, {self.dep_it})
        self.assertEqual(len(self.rows(self.desk)), 3)
        self.assertEqual(len(self.rows(self.compliance)), 3)
        self.assertFalse(self.Day.with_user(self.gm).has_access("read"))

    def test_thousands_due_on_one_day_stay_one_row(self):
        insert_copies(self.env, self.ops[1], 2000)
        row = self.rows()[date(2026, 11, 23), self.dep_ops]
        self.assertEqual(row.complaint_count, 2002)
