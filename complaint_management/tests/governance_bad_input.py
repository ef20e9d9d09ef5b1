"""Bad-input rows of the governance duties (test_bad_input.py ``TABLE``): the complaint's
safety fields, accusation letters (written by the leadership, registered by the desk
directly or through its wizard) and the wizard that turns a letter into a complaint."""

from .common import G

LETTER = {
    "title": "Branch manager asks for gifts",
    "description": "<p>Asked for a gift card.</p>",
}


def _leader(case):
    leader = case.env["res.users"].search([("login", "=", "t_bad_leader")])
    return leader or case._new_user("t_bad_leader", f"{G}leadership")


def _letter(case):
    Letter = case.env["complaint.accusation"].sudo().with_company(case.company)
    letter = Letter.search([("title", "=", "Bad-input letter")], limit=1)
    return letter or Letter.create(
        {**LETTER, "title": "Bad-input letter", "channel_id": case.channel.id}
    )


def _value(case, value):
    return value(case) if callable(value) else value


def letter_write(fname, *values):
    """The leadership writes a bad value on a letter."""

    def call(value):
        def attempt(case):
            letter = _letter(case)
            as_leader = letter.with_user(_leader(case)).with_company(case.company)
            return letter, lambda: as_leader.write({fname: _value(case, value)})

        return attempt

    return ("process", tuple(call(value) for value in values))


def letter_register(fname, *values):
    """The desk registers a letter with a bad value, directly and through its wizard."""

    def direct(value):
        def attempt(case):
            Letter = (
                case.env["complaint.accusation"].with_user(case.desk).with_company(case.company)
            )
            base = {**LETTER, "channel_id": case.channel.id}
            return Letter.browse(), lambda: Letter.create({**base, fname: _value(case, value)})

        return attempt

    return ("process", tuple(direct(value) for value in values))


def register_wizard(fname, *values):
    def call(value):
        def attempt(case):
            Wizard = (
                case.env["complaint.accusation.register.wizard"]
                .with_user(case.desk)
                .with_company(case.company)
            )
            base = {**LETTER, "channel_id": case.channel.id}
            return case.env["complaint.accusation"].browse(), lambda: Wizard.create(
                {**base, fname: _value(case, value)}
            ).action_register()

        return attempt

    return ("process", tuple(call(value) for value in values))


def accusation_wizard(fname, *values):
    def call(value):
        def attempt(case):
            letter = _letter(case)
            Wizard = (
                case.env["complaint.accusation.wizard"]
                .with_user(_leader(case))
                .with_company(case.company)
            )
            base = {"accusation_id": letter.id, "reason": "A complaint after all."}
            return letter, lambda: Wizard.create(
                {**base, fname: _value(case, value)}
            ).action_confirm()

        return attempt

    return ("process", tuple(call(value) for value in values))


def other(name):
    return lambda case: getattr(case, name).id


def build_rows(long_char, long_text, long_html, future, ancient):
    """The rows, given test_bad_input's bad values."""
    complaint_rows = {
        "threatens_violence": [("free", "a flag: the person responsible is checked apart")],
        "violence_responsible_id": [("bad", "desk", (other("other_user"),))],
        "violence_note": [("bad", "desk", (long_text,))],
    }
    letter_fields = {
        "title": (False, long_char),
        "description": (False, "<p></p>", long_html),
        "accused": (long_char,),
        "partner_id": (other("other_partner"),),
        "informant_contact": (long_char,),
        "channel_id": (False,),
        "date_received": (future, ancient, "yesterday", False),
        "company_id": (other("company2"),),
    }
    accusation = {
        fname: [letter_write(fname, *values), letter_register(fname, *values)]
        for fname, values in letter_fields.items()
    }
    accusation["anonymous"] = [("free", "a flag: both values are valid")]
    accusation["user_id"] = [letter_write("user_id", other("other_user"))]
    accusation["conclusion"] = [letter_write("conclusion", long_html)]
    register = {fname: [register_wizard(fname, *values)] for fname, values in letter_fields.items()}
    register["anonymous"] = [("free", "a flag: both values are valid")]
    return {
        "complaint.complaint": complaint_rows,
        "complaint.accusation": accusation,
        "complaint.accusation.register.wizard": register,
        "complaint.accusation.wizard": {
            "accusation_id": [accusation_wizard("accusation_id", False)],
            "reason": [accusation_wizard("reason", False, "  ", long_text)],
        },
    }
