"""Forms of the fund. Every form validates on the server; the operations check the rules a
form cannot know (permissions, states, the fund's money)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from civic.core.forms import BaseForm, MultiCheckboxField, PlainText, choices
from civic.fund.workflow import CHECKLIST, OUTCOME_LABELS, Outcome
from civic.projects.forms import (
    EMPTY_PLAN_ROWS,
    LONG_TEXT_MAX,
    MAX_EUROS,
    MESSAGE_MAX,
    PLAN_ROWS_MAX,
    CostLineRow,
    Euros,
    cents_to_euros,
    euros_to_cents,
    message_field,
)

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATE_MESSAGE = _l("Please enter a date like 2027-03-01 or 01.03.2027.")


def _euros(label: Any, required: bool = True, **kwargs: Any) -> Euros:
    validators: list[Any] = (
        [InputRequired(_l("Please enter an amount."))] if required else [Optional()]
    )
    # Without an upper bound a huge amount ("1e999999") overflows when turned into cents.
    validators.append(NumberRange(max=MAX_EUROS, message=_l("This amount is too large.")))
    return Euros(label, validators=validators, **kwargs)


def _date(label: Any, **kwargs: Any) -> DateField:
    return DateField(
        label,
        format=DATE_FORMATS,
        validators=[InputRequired(_l("Please enter a date."))],
        invalid_value_message=DATE_MESSAGE,
        **kwargs,
    )


def cents(field: Euros) -> int | None:
    return euros_to_cents(field.data)


class FundForm(BaseForm):
    year = IntegerField(
        _l("Budget year"),
        validators=[
            InputRequired(_l("Please enter the year.")),
            NumberRange(2000, 2100, _l("Please enter a year between 2000 and 2100.")),
        ],
    )
    budget = _euros(_l("Budget in euros"))
    max_per_project = _euros(_l("Maximum per project in euros"))
    four_eyes = _euros(
        _l("Four-eyes amount in euros"),
        description=_l("Decisions that give more need a second fund officer's confirmation."),
    )
    call_opens_on = _date(_l("Call opens on"))
    call_closes_on = _date(_l("Call closes on"))
    required_documents = TextAreaField(
        _l("Documents required for the proof of use"),
        validators=[Length(max=MESSAGE_MAX), PlainText()],
        description=_l("One per line, e.g. “Report”, “Receipts of all expenses”."),
    )
    criteria = TextAreaField(
        _l("Review criteria"),
        validators=[Length(max=MESSAGE_MAX), PlainText()],
        description=_l(
            "One per line. They are published with the call; reviews score each from 0 to 5."
        ),
    )
    submit = SubmitField(_l("Save fund"))

    def fill(self, fund: Any) -> None:
        self.year.data = fund.year
        self.budget.data = cents_to_euros(fund.budget_cents)
        self.max_per_project.data = cents_to_euros(fund.max_per_project_cents)
        self.four_eyes.data = cents_to_euros(fund.four_eyes_cents)
        self.call_opens_on.data = fund.call_opens_on
        self.call_closes_on.data = fund.call_closes_on
        self.required_documents.data = fund.required_documents
        self.criteria.data = fund.criteria

    def content(self) -> dict[str, Any]:
        return {
            "year": self.year.data,
            "budget_cents": cents(self.budget),
            "max_per_project_cents": cents(self.max_per_project),
            "four_eyes_cents": cents(self.four_eyes),
            "call_opens_on": self.call_opens_on.data,
            "call_closes_on": self.call_closes_on.data,
            "required_documents": self.required_documents.data or "",
            "criteria": self.criteria.data or "",
        }


class ApplicationForm(BaseForm):
    title = StringField(
        _l("What is the money for?"),
        validators=[
            DataRequired(_l("Please give the application a title.")),
            Length(max=200),
            PlainText(),
        ],
        description=_l("A short title, e.g. “Material for the first season”."),
    )
    requested = _euros(
        _l("Amount requested in euros"),
        description=_l("How much money the team asks the fund for, e.g. 1.250,50."),
    )
    cost_lines = FieldList(FormField(CostLineRow), max_entries=PLAN_ROWS_MAX)
    own_contribution = _euros(
        _l("Own contribution in euros"),
        required=False,
        description=_l("Money or work the team and its partners bring in themselves."),
    )
    other_funding = _euros(
        _l("Other funding in euros"),
        required=False,
        description=_l("Money promised from elsewhere, e.g. a foundation or sponsors."),
    )
    other_funding_note = StringField(
        _l("Where the other funding comes from"),
        validators=[Length(max=300), PlainText()],
        description=_l("Who gives the money, and is it promised already?"),
    )
    justification = TextAreaField(
        _l("Justification"),
        validators=[Length(max=LONG_TEXT_MAX)],
        description=_l("Why the project needs the money, and what it achieves with it."),
    )
    contact = SelectField(
        _l("Contact person"),
        coerce=int,
        validators=[InputRequired(_l("Please choose the contact person."))],
        description=_l("The fund management writes to this member of the team."),
    )
    save = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit application"))
    more_rows = SubmitField(_l("More rows"))

    def fill(self, source: Any) -> None:
        """Pre-fill from an application or from the project's plan (same field names)."""
        if source is not None:
            self.own_contribution.data = cents_to_euros(source.own_contribution_cents)
            self.other_funding.data = cents_to_euros(source.other_funding_cents)
            self.other_funding_note.data = source.other_funding_note
            for line in source.cost_lines:
                self.cost_lines.append_entry(
                    {"label": line["label"], "amount": cents_to_euros(line["amount_cents"])}
                )
        self.add_empty_rows()

    def add_empty_rows(self) -> None:
        for _ in range(EMPTY_PLAN_ROWS):
            if len(self.cost_lines) < PLAN_ROWS_MAX:
                self.cost_lines.append_entry()

    def content(self) -> dict[str, Any]:
        return {
            "title": self.title.data,
            "requested_cents": cents(self.requested),
            "cost_lines": [r.form.content() for r in self.cost_lines if not r.form.is_empty()],
            "own_contribution_cents": cents(self.own_contribution) or 0,
            "other_funding_cents": cents(self.other_funding) or 0,
            "other_funding_note": self.other_funding_note.data or "",
            "justification": self.justification.data or "",
            "contact_id": self.contact.data,
        }


class CheckForm(BaseForm):
    """The formal check: tick what is met; pass it on, or send it back with a message."""

    checklist = MultiCheckboxField(
        _l("Formal check"), choices=choices((key, label) for key, label in CHECKLIST)
    )
    message = message_field(
        _l("What is missing?"),
        description=_l("Needed when you send the application back; the team reads it."),
    )
    pass_check = SubmitField(_l("Complete: on to the review"))
    send_back = SubmitField(_l("Send back for more information"))

    def ticked(self) -> dict[str, bool]:
        return {key: key in (self.checklist.data or []) for key, _label in CHECKLIST}


def review_form(criteria: list[str], formdata: Any = None, review: Any = None) -> BaseForm:
    """A review form with one score field per published criterion."""

    class ReviewForm(BaseForm):
        assessment = TextAreaField(
            _l("Assessment"),
            validators=[DataRequired(_l("Please write an assessment.")), Length(max=LONG_TEXT_MAX)],
            description=_l("Internal: only fund officers and admins read it."),
        )
        submit = SubmitField(_l("Save review"))

    scores = choices((str(n), str(n)) for n in range(6))
    for index, criterion in enumerate(criteria):
        setattr(
            ReviewForm,
            f"score_{index}",
            SelectField(
                criterion,
                choices=scores,
                validators=[InputRequired(_l("Please score this criterion."))],
            ),
        )
    form = ReviewForm(formdata=formdata) if formdata is not None else ReviewForm()
    if review is not None and formdata is None:
        form.assessment.data = review.assessment
        for index, criterion in enumerate(criteria):
            getattr(form, f"score_{index}").data = str(review.scores.get(criterion, ""))
    form.criteria = criteria  # type: ignore[attr-defined]
    return form


def review_scores(form: Any) -> dict[str, int]:
    return {
        criterion: int(getattr(form, f"score_{index}").data)
        for index, criterion in enumerate(form.criteria)
    }


class DecisionForm(BaseForm):
    outcome = RadioField(
        _l("Decision"),
        choices=choices((o.value, label) for o, label in OUTCOME_LABELS.items()),
        coerce=Outcome,
        validators=[InputRequired(_l("Please choose the decision."))],
    )
    amount = _euros(
        _l("Amount approved in euros"),
        required=False,
        description=_l("Only for a partial approval: less than the amount requested."),
    )
    reason = message_field(
        _l("Reason"), required=True, description=_l("The team reads the reason.")
    )
    conditions = message_field(
        _l("Conditions (optional)"), description=_l("They appear on the approval notice.")
    )
    submit = SubmitField(_l("Decide"))


class ConfirmDecisionForm(BaseForm):
    confirm = RadioField(
        _l("Your answer"),
        choices=choices(
            [("yes", _l("Confirm the decision")), ("no", _l("Do not confirm: back to review"))]
        ),
        validators=[InputRequired(_l("Please choose."))],
    )
    note = message_field(_l("Note"), description=_l("Needed when you do not confirm."))
    submit = SubmitField(_l("Send"))


class PaymentForm(BaseForm):
    amount = _euros(_l("Amount in euros"))
    paid_on = _date(_l("Paid on"))
    reference = StringField(
        _l("Payment reference"),
        validators=[
            DataRequired(_l("Please give the payment reference.")),
            Length(max=120),
            PlainText(),
        ],
        description=_l("For example the booking number of the city treasury."),
    )
    submit = SubmitField(_l("Record payment"))


class ReceiptForm(BaseForm):
    file = FileField(
        _l("Receipt or document"),
        description=_l("PDF, JPEG or PNG, at most 10 MB."),
    )
    description = StringField(
        _l("What is it?"),
        validators=[Length(max=200), PlainText()],
        description=_l("For example “Invoice of the hardware store, 12 March”."),
    )
    submit = SubmitField(_l("Upload"))


class ProofForm(BaseForm):
    report = TextAreaField(
        _l("Report"),
        validators=[DataRequired(_l("Please write the report.")), Length(max=LONG_TEXT_MAX)],
        description=_l("What the team did with the money, and what came of it."),
    )
    spent = _euros(
        _l("Amount spent in euros"),
        description=_l("How much of the money the team has actually spent, e.g. 1.250,50."),
    )
    submit = SubmitField(_l("Submit proof of use"))


class ProofJudgementForm(BaseForm):
    message = message_field(
        _l("Message to the team"),
        description=_l("Needed when you ask for more; optional when you close."),
    )
    close = SubmitField(_l("Accept and close"))
    ask_for_more = SubmitField(_l("Ask for more"))


class ReasonForm(BaseForm):
    reason = message_field(_l("Reason (optional)"))
    submit = SubmitField(_l("Withdraw application"))
