"""Forms of the projects domain. Every form validates on the server; the operations check
the rules a form cannot know (permissions, states, uniqueness)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    Field,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import TextInput

from civic.core.forms import BaseForm, MultiCheckboxField, PlainText, choices
from civic.projects.workflow import NEED_KIND_LABELS

TITLE_MAX = 120
SUMMARY_MAX = 300
LONG_TEXT_MAX = 20_000
MESSAGE_MAX = 2_000
MAX_EUROS = Decimal("10000000")


def euros_to_cents(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


def cents_to_euros(cents: int | None) -> Decimal | None:
    return None if cents is None else Decimal(cents) / 100


_THOUSANDS_DOTS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def normalise_amount(raw: str) -> str:
    """An amount as typed in German or English, as a plain decimal: "1.250,50" and
    "1,250.50" → "1250.50", "1250,5" → "1250.5", "1.250" → "1250". Where both separators
    occur, the last one is the decimal separator; dots between groups of three digits only
    separate thousands (an amount never has three decimals)."""
    if "," in raw and "." in raw:
        decimal, thousands = (",", ".") if raw.rfind(",") > raw.rfind(".") else (".", ",")
        return raw.replace(thousands, "").replace(decimal, ".")
    if _THOUSANDS_DOTS.match(raw):
        return raw.replace(".", "")
    return raw.replace(",", ".")


class Euros(DecimalField):
    """An amount in euros with at most two decimals (stored as cents by the caller).
    Accepts German and English notation and shows a stored amount in the reader's."""

    # A text input: a number input drops "1.250,50" and would empty a pre-filled field.
    widget = TextInput()

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs["render_kw"] = {"inputmode": "decimal", **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, places=2, **kwargs)

    def _value(self) -> str:
        if self.raw_data or self.data is None:
            return str(super()._value())
        return str(format_decimal(self.data, format="#,##0.00"))

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist:
            raw = str(valuelist[0]).strip().replace(" ", "").replace("\u00a0", "")
            raw = normalise_amount(raw.replace("€", ""))
            if not raw:
                self.data = None
                return
            try:
                value = Decimal(raw)
            except InvalidOperation:
                self.data = None
                raise ValueError(_l("Please enter an amount in euros, e.g. 1250,50.")) from None
            if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
                self.data = None
                raise ValueError(_l("Please enter an amount with at most two decimals."))
            self.data = value


class Degrees(DecimalField):
    """A latitude or longitude in decimal degrees. "NaN" or "Infinity" are no place: they count
    as missing, so the range check refuses them ("sNaN" would crash it)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        # Without a posted value the data is the stored one, which may be a float.
        if isinstance(self.data, float):
            self.data = Decimal(str(self.data))
        if self.data is not None and not self.data.is_finite():
            self.data = None


def amount_validators(required: bool = False) -> list[Any]:
    first = DataRequired(_l("Please enter an amount.")) if required else Optional()
    return [
        first,
        NumberRange(
            min=0, max=MAX_EUROS, message=_l("Please enter an amount between 0 and 10,000,000 €.")
        ),
    ]


def text_field(label: Any, required_message: Any | None = None, **kwargs: Any) -> Field:
    validators: list[Any] = [DataRequired(required_message)] if required_message else []
    validators += [Length(max=LONG_TEXT_MAX), PlainText()]
    return TextAreaField(label, validators=validators, **kwargs)


def message_field(label: Any, required: bool = False, **kwargs: Any) -> Field:
    validators: list[Any] = (
        [DataRequired(_l("Please write a short message."))] if required else [Optional()]
    )
    validators += [Length(max=MESSAGE_MAX), PlainText()]
    return TextAreaField(label, validators=validators, **kwargs)


class ImageForm(BaseForm):
    """A form with an optional image, its description and a way to remove it (projects and
    their news)."""

    image = FileField(
        _l("Image"),
        validators=[FileAllowed(["png", "jpg", "jpeg"], _l("Please upload a PNG or JPEG image."))],
        description=_l(
            "Optional. PNG or JPEG, at most 2 MB. Location data in the file is removed."
        ),
    )
    image_alt = StringField(
        _l("Image description"),
        validators=[Length(max=200), PlainText()],
        description=_l("What the image shows, for people who cannot see it."),
    )
    remove_image = BooleanField(_l("Remove the current image"))


class ProjectForm(ImageForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Please give your idea a title.")),
            Length(min=5, max=TITLE_MAX),
            PlainText(),
        ],
        description=_l("Short and clear, e.g. “Tool library for Pieschen”."),
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[
            DataRequired(_l("Please write a short summary.")),
            Length(max=SUMMARY_MAX),
            PlainText(),
        ],
        description=_l("One or two sentences, at most 300 characters. Shown in lists."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=LONG_TEXT_MAX)],
        description=_l(
            "What is the idea, who is it for, what should change? "
            "You can format the text: **bold**, *italic*, "
            "a dash (-) at the start of a line for a list."
        ),
    )
    concept = TextAreaField(
        _l("Short concept"),
        validators=[Length(max=LONG_TEXT_MAX)],
        description=_l(
            "How could the idea work? Who does what, what is needed, what are the first steps? "
            "Needed before the project can move on to development."
        ),
    )
    districts = MultiCheckboxField(
        _l("Districts"),
        coerce=int,
        validators=[DataRequired(_l("Please choose at least one district."))],
        description=_l("Where does the project take place? Choose one or more districts."),
    )
    topics = MultiCheckboxField(
        _l("Topics"),
        coerce=int,
        validators=[DataRequired(_l("Please choose at least one topic."))],
        description=_l("What is the project about? People search for projects by topic."),
    )
    location_name = StringField(
        _l("Place"),
        validators=[Length(max=200), PlainText()],
        description=_l("Optional: where the project happens, e.g. a street, park or building."),
    )
    latitude = Degrees(
        _l("Latitude"),
        places=6,
        validators=[Optional(), NumberRange(-90, 90, _l("Between -90 and 90, please."))],
        description=_l(
            "Optional: the position on a map, e.g. 51.0504. Online maps show it for any place."
        ),
    )
    longitude = Degrees(
        _l("Longitude"),
        places=6,
        validators=[Optional(), NumberRange(-180, 180, _l("Between -180 and 180, please."))],
        description=_l(
            "Optional: the position on a map, e.g. 13.7373. Online maps show it for any place."
        ),
    )
    preview = SubmitField(_l("Preview"))
    save_draft = SubmitField(_l("Save as draft"))
    publish = SubmitField(_l("Publish"))
    save = SubmitField(_l("Save changes"))

    def validate_longitude(self, field: Field) -> None:
        if (self.latitude.data is None) != (field.data is None):
            raise ValidationError(_l("Please give both latitude and longitude, or neither."))

    def operation_fields(self) -> dict[str, Any]:
        return {
            "title": self.title.data,
            "summary": self.summary.data,
            "description": self.description.data or "",
            "concept": self.concept.data or "",
            "district_ids": self.districts.data or [],
            "topic_ids": self.topics.data or [],
            "location_name": self.location_name.data or "",
            "latitude": float(self.latitude.data) if self.latitude.data is not None else None,
            "longitude": float(self.longitude.data) if self.longitude.data is not None else None,
            "image": self.image.data.stream if self.image.data else None,
            "image_alt": self.image_alt.data or "",
            "remove_image": bool(self.remove_image.data),
        }


class MessageForm(BaseForm):
    """A short message with a button (join requests, offers)."""

    message = message_field(_l("Your message"))
    submit = SubmitField(_l("Send"))


class ReasonForm(BaseForm):
    reason = message_field(_l("Reason"))
    submit = SubmitField(_l("Confirm"))


# --- team and needs ----------------------------------------------------------------------------

EMAIL_MAX = 254


class TaskForm(BaseForm):
    task = StringField(
        _l("Task in the team"),
        validators=[Length(max=120), PlainText()],
        description=_l(
            "What this person takes care of, e.g. “Finances” or “Contact to the school”."
        ),
    )
    submit = SubmitField(_l("Save the task"))


class InviteForm(BaseForm):
    """Invite someone to the team by e-mail."""

    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Please enter the e-mail address of the person you want to invite.")),
            Length(max=EMAIL_MAX),
            Email(
                _l("Please enter a valid e-mail address, for example name@example.org."),
                check_deliverability=False,
            ),
        ],
        render_kw={"autocomplete": "off"},
    )
    message = message_field(
        _l("Personal message"),
        description=_l(
            "Optional: a few words on why you invite this person. It is sent with the invitation."
        ),
    )
    submit = SubmitField(_l("Send the invitation"))


class HandOverForm(BaseForm):
    """Make another member initiator (the choices are the team's members)."""

    member = SelectField(
        _l("New initiator"),
        coerce=int,
        validators=[InputRequired(_l("Please choose a member of the team."))],
    )
    stay_initiator = BooleanField(
        _l("I stay initiator as well"),
        description=_l("Otherwise you stay on the team as a member."),
    )
    submit = SubmitField(_l("Hand over the initiator role"))


class InvitationAnswerForm(BaseForm):
    accept = SubmitField(_l("Join the team"))
    decline = SubmitField(_l("Decline the invitation"))


NEED_KIND_CHOICES = choices((kind.value, label) for kind, label in NEED_KIND_LABELS.items())


class NeedForm(BaseForm):
    kind = SelectField(
        _l("Kind of help"),
        choices=NEED_KIND_CHOICES,
        validators=[InputRequired(_l("Please choose the kind of help you need."))],
        description=_l("People who can help look for needs by their kind on “Help wanted”."),
    )
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Please say in a few words what you need.")),
            Length(max=TITLE_MAX),
            PlainText(),
        ],
        description=_l("Short and clear, e.g. “Someone who knows how to apply for funding”."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=LONG_TEXT_MAX)],
        description=_l(
            "What exactly is needed, when, and how much time or material? "
            "You can format the text: **bold**, *italic*, "
            "a dash (-) at the start of a line for a list."
        ),
    )
    submit = SubmitField(_l("Save"))


class OfferForm(BaseForm):
    message = message_field(
        _l("Your offer"),
        required=True,
        description=_l(
            "How can you help? Say what you offer, when you have time, "
            "and how the team can reach you."
        ),
    )
    submit = SubmitField(_l("Offer my help"))


class CloseNeedForm(BaseForm):
    outcome = RadioField(
        _l("Why is the need closed?"),
        choices=choices(
            [
                ("met", _l("It is met: we found the help we needed")),
                ("closed", _l("It is no longer needed")),
            ]
        ),
        validators=[InputRequired(_l("Please choose why the need is closed."))],
    )
    submit = SubmitField(_l("Close the need"))


# --- plan, phases and coordination -------------------------------------------------------------


class RowForm(Form):
    """One row of a repeating group inside a bigger form (no CSRF token of its own); strips
    white space like :class:`BaseForm`."""

    class Meta:
        bind_field = BaseForm.Meta.bind_field

    def is_empty(self) -> bool:
        """Nothing typed into the row (only meaningful for a submitted form)."""
        return not any(str(value).strip() for field in self for value in field.raw_data or [])


class PhaseRequestForm(BaseForm):
    # The choice offered is the one next step; any other posted step is refused by the
    # operation with a message next to the field.
    step = RadioField(
        _l("Step"),
        validate_choice=False,
        validators=[DataRequired(_l("Please choose the next step."))],
        description=_l("A project can only ask for the step that comes next."),
    )
    message = message_field(
        _l("Message to the coordination office"),
        description=_l(
            "What has the team done, what should the office know? "
            "The message also appears in the project's public timeline."
        ),
    )
    submit = SubmitField(_l("Send the request"))


class MilestoneRow(RowForm):
    title = StringField(
        _l("Milestone"),
        validators=[Length(max=160, message=_l("At most 160 characters.")), PlainText()],
    )
    due = DateField(
        _l("Due date"),
        format=["%Y-%m-%d", "%d.%m.%Y"],
        validators=[Optional()],
        invalid_value_message=_l("Please enter a date like 2027-03-01 or 01.03.2027."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=MESSAGE_MAX, message=_l("At most 2,000 characters.")), PlainText()],
        render_kw={"rows": 2},
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.is_empty():
            return valid
        if not self.title.data:
            self.title.errors.append(_l("Please give the milestone a title."))
        if self.due.data is None and not self.due.errors:
            self.due.errors.append(_l("Please give the milestone a date."))
        return not self.errors

    def content(self) -> dict[str, Any]:
        return {
            "title": self.title.data,
            "due": self.due.data,
            "description": self.description.data or "",
        }


class CostLineRow(RowForm):
    label = StringField(
        _l("Item"),
        validators=[Length(max=160, message=_l("At most 160 characters.")), PlainText()],
    )
    amount = Euros(_l("Amount in euros"), validators=amount_validators())

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.is_empty():
            return valid
        if not self.label.data:
            self.label.errors.append(_l("Please say what the money is for."))
        if self.amount.data is None and not self.amount.errors:
            self.amount.errors.append(_l("Please enter an amount."))
        return not self.errors

    def content(self) -> dict[str, Any]:
        return {"label": self.label.data, "amount_cents": euros_to_cents(self.amount.data)}


PLAN_ROWS_MAX = 60
EMPTY_PLAN_ROWS = 3


class PlanForm(BaseForm):
    goals = text_field(
        _l("Goals"), description=_l("What should the project achieve, and for whom?")
    )
    milestones = FieldList(FormField(MilestoneRow), max_entries=PLAN_ROWS_MAX)
    cost_lines = FieldList(FormField(CostLineRow), max_entries=PLAN_ROWS_MAX)
    own_contribution = Euros(
        _l("Own contribution in euros"),
        validators=amount_validators(),
        description=_l("Money or work the team and its partners bring in themselves."),
    )
    other_funding = Euros(
        _l("Other funding in euros"),
        validators=amount_validators(),
        description=_l("Money promised from elsewhere, e.g. a foundation or sponsors."),
    )
    other_funding_note = StringField(
        _l("Where the other funding comes from"),
        validators=[Length(max=300, message=_l("At most 300 characters.")), PlainText()],
        description=_l("Who gives the money, and is it promised already?"),
    )
    team_roles = text_field(_l("Roles in the team"), description=_l("Who does what?"))
    risks = text_field(
        _l("Risks"), description=_l("What could go wrong, and what will the team do then?")
    )
    resources = text_field(
        _l("Resources needed"), description=_l("Rooms, material, tools, know-how …")
    )
    partners = text_field(
        _l("Partners"), description=_l("Organisations and people who take part or help.")
    )
    note = StringField(
        _l("What changed?"),
        validators=[Length(max=300, message=_l("At most 300 characters.")), PlainText()],
        description=_l("A short note for the list of versions, e.g. “Costs for rent added”."),
    )
    submit = SubmitField(_l("Save as new version"))
    more_rows = SubmitField(_l("More rows"))

    def fill(self, plan: Any) -> None:
        """Pre-fill from a plan version, with empty rows to add to."""
        if plan is not None:
            for name in ("goals", "team_roles", "risks", "resources", "partners"):
                getattr(self, name).data = getattr(plan, name)
            self.other_funding_note.data = plan.other_funding_note
            self.own_contribution.data = cents_to_euros(plan.own_contribution_cents)
            self.other_funding.data = cents_to_euros(plan.other_funding_cents)
            for item in plan.milestones:
                due = item.get("due")
                self.milestones.append_entry(
                    {
                        "title": item.get("title", ""),
                        "due": date.fromisoformat(due) if due else None,
                        "description": item.get("description", ""),
                    }
                )
            for line in plan.cost_lines:
                self.cost_lines.append_entry(
                    {"label": line["label"], "amount": cents_to_euros(line["amount_cents"])}
                )
        self.add_empty_rows()

    def add_empty_rows(self) -> None:
        for rows in (self.milestones, self.cost_lines):
            for _ in range(EMPTY_PLAN_ROWS):
                if len(rows) < PLAN_ROWS_MAX:
                    rows.append_entry()

    def content(self) -> dict[str, Any]:
        """What ``operations.save_plan`` takes; empty rows are left out."""
        return {
            "goals": self.goals.data or "",
            "team_roles": self.team_roles.data or "",
            "risks": self.risks.data or "",
            "resources": self.resources.data or "",
            "partners": self.partners.data or "",
            "milestones": [r.form.content() for r in self.milestones if not r.form.is_empty()],
            "cost_lines": [r.form.content() for r in self.cost_lines if not r.form.is_empty()],
            "own_contribution_cents": euros_to_cents(self.own_contribution.data) or 0,
            "other_funding_cents": euros_to_cents(self.other_funding.data) or 0,
            "other_funding_note": self.other_funding_note.data or "",
        }


class MilestoneDoneForm(BaseForm):
    note = StringField(
        _l("Note"),
        validators=[Length(max=500, message=_l("At most 500 characters.")), PlainText()],
        description=_l("Optional: what was done, in a sentence."),
    )
    submit = SubmitField(_l("Mark as done"))


class FinalReportForm(BaseForm):
    report = text_field(
        _l("Final report"),
        _l("Please write the final report."),
        description=_l(
            "What was done, what did it cost, what remains to be done? "
            "You can format the text: **bold**, *italic*, "
            "a dash (-) at the start of a line for a list."
        ),
        render_kw={"rows": 14},
    )
    cost = Euros(
        _l("Actual total cost in euros"),
        validators=amount_validators(),
        description=_l("What the project cost in the end, e.g. 1.250,50."),
    )
    submit = SubmitField(_l("Save the final report"))


# Coordination office (admin area).


class PhaseDecisionForm(BaseForm):
    decision = RadioField(
        _l("Decision"),
        choices=choices(
            [("confirm", _l("Confirm the request")), ("decline", _l("Decline the request"))]
        ),
        validators=[DataRequired(_l("Please choose whether to confirm or decline."))],
    )
    reason = message_field(
        _l("Reason"),
        required=True,
        description=_l(
            "The team receives it by e-mail and it appears in the project's public timeline."
        ),
    )
    submit = SubmitField(_l("Save the decision"))


class ProjectSearchForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(_l("Title"), validators=[Length(max=200)])
    phase = SelectField(_l("Phase"), validators=[Optional()])


class ContactForm(BaseForm):
    contact = SelectField(_l("Contact in the administration"), coerce=int)
    assign = SubmitField(_l("Save the contact"))


class FeatureForm(BaseForm):
    featured = BooleanField(_l("Show this project on the home page"))
    save_featured = SubmitField(_l("Save"))
