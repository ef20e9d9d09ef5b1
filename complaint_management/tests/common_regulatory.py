"""Fixtures of the regulator's floor: the test company of ``ComplaintCase`` under the banking
and insurance regulator's 2020 measures, its Shanghai calendar carrying the 2026 National
Day holiday (1-7 October) and its make-up working days (Sunday 20 September, Saturday 10
October) as the legal calendar, a head-office review officer and substitute approvers.

Times are frozen in every test that reads a deadline: the time limit counts from the day of
receipt."""

from datetime import date

from freezegun import freeze_time

from odoo import Command

from .common import ComplaintCase, G

DEMAND = "Refund the second annual fee."


class RegulatedCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.regime = cls.env.ref("complaint_management.complaint_regime_banking_insurance_2020")
        cls.head_office = cls._new_user("t_head_office", f"{G}user")
        cls.substitute = cls._new_user("t_substitute", f"{G}department")
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "National Day",
                "calendar_id": cls.calendar.id,
                "date_from": cls.utc(2026, 10, 1),
                "date_to": cls.utc(2026, 10, 7, 23, 59, 59),
            }
        )
        cls.calendar.complaint_workday_ids = [
            Command.create({"date": date(2026, 9, 20), "works_as": "0"}),
            Command.create({"date": date(2026, 10, 10), "works_as": "4"}),
        ]
        cls.company.write(
            {
                "complaint_regime_id": cls.regime.id,
                "complaint_legal_calendar_id": cls.calendar.id,
                "complaint_extension_approver_id": cls.gm.id,
                "complaint_reviewer_id": cls.head_office.id,
                "complaint_substitute_manager_id": cls.substitute.id,
                "complaint_substitute_gm_id": cls.supervisor.id,
            }
        )
        cls.partner.email = "sun.li@example.com"

    @classmethod
    def regulated(cls, received=None, **vals):
        """A complaint received at ``received`` (Shanghai time, a tuple), its identity
        checked, with one demand. Time is frozen at receipt while it is registered."""
        values = {
            "identity_method": "id_document",
            "customer_demand": DEMAND,
            **cls.classification(),
            **vals,
        }
        if received is None:
            return cls.create_complaint(**values)
        moment = cls.utc(*received)
        with freeze_time(moment):
            return cls.create_complaint(date_received=moment, **values)

    @classmethod
    def classification(cls):
        """The JR/T 0169-2018 classification the regime requires before the decision letter
        and the closure: the shipped business channel, category and cause."""
        ref = cls.env.ref
        return {
            "business_channel_id": ref(
                "complaint_management.complaint_business_channel_counter"
            ).id,
            "business_line_id": ref("complaint_management.complaint_business_line_credit_card").id,
            "cause_id": ref("complaint_management.complaint_cause_pricing").id,
        }

    @classmethod
    def decide(cls, complaint, user=None, **vals):
        """The department decides every demand, with a basis."""
        values = {
            "decision": "upheld",
            "decision_note": "The second fee is refunded.",
            "basis": "The card terms charge the annual fee once a year.",
            **vals,
        }
        demands = complaint.sudo().demand_ids.with_env(complaint.env)
        cls.as_user(demands, user or complaint.handler_id or cls.handler).write(values)
        return complaint

    @classmethod
    def send_decision(cls, complaint, channel="email"):
        """Walk the complaint to the customer's decision, decide its demands and send the
        decision letter (at the current time)."""
        if complaint.state in ("new", "dispatched", "investigating", "approval"):
            cls.walk(complaint, "customer")
        cls.decide(complaint)
        cls.as_user(complaint, cls.desk)._action_send_decision(channel)
        return complaint
