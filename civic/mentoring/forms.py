"""Forms of mentoring. Every form validates on the server; the operations check the rules a
form cannot know (permissions, states, capacity)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from civic.core.dates import local_today
from civic.core.forms import BaseForm, PlainText, choices
from civic.mentoring.workflow import (
    HURDLE_STATUS_LABELS,
    INTRODUCTION_KIND_LABELS,
    HurdleStatus,
    IntroductionKind,
)
from civic.projects.forms import LONG_TEXT_MAX, MESSAGE_MAX, message_field

MESSAGE_HELP = _l("Plain words are best. Markdown works for lists and links.")


def _not_in_future(form: BaseForm, field: DateField) -> None:
    if field.data is not None and field.data > local_today():
        raise ValidationError(_l("This date lies in the future."))


def _date_field(label: object, required_message: object) -> DateField:
    return DateField(
        label,
        format=["%Y-%m-%d", "%d.%m.%Y"],
        validators=[InputRequired(required_message), _not_in_future],
        default=local_today,
        invalid_value_message=_l("Please enter a date like 2026-11-23 or 23.11.2026."),
    )


class OfferForm(BaseForm):
    """A council member offers to mentor a project."""

    message = message_field(
        _l("Your message to the team"),
        required=True,
        description=_l("Say briefly why you would like to mentor the project."),
    )
    submit = SubmitField(_l("Offer mentorship"))


class AskForm(BaseForm):
    """A team member asks a council member to mentor one of their projects."""

    project = SelectField(
        _l("Project"), coerce=int, validators=[InputRequired(_l("Please choose a project."))]
    )
    message = message_field(
        _l("Your message"),
        required=True,
        description=_l("Say briefly what the team hopes for from the mentorship."),
    )
    submit = SubmitField(_l("Ask for mentorship"))


class DeclineForm(BaseForm):
    note = message_field(
        _l("Reason (optional)"), description=_l("The other side reads this in the mail.")
    )
    submit = SubmitField(_l("Decline"))


class EndForm(BaseForm):
    reason = message_field(
        _l("Why does the mentorship end?"),
        required=True,
        description=_l("Everyone in the team and the mentor read this; the timeline shows it."),
    )
    submit = SubmitField(_l("End mentorship"))


class WorkspaceMessageForm(BaseForm):
    body = TextAreaField(
        _l("Message"),
        validators=[
            DataRequired(_l("Please write a message.")),
            Length(max=LONG_TEXT_MAX),
        ],
        description=MESSAGE_HELP,
    )
    submit = SubmitField(_l("Send message"))


class IntroductionForm(BaseForm):
    kind = SelectField(
        _l("Whom did you connect the team with?"),
        choices=choices((k.value, label) for k, label in INTRODUCTION_KIND_LABELS.items()),
        coerce=IntroductionKind,
        default=IntroductionKind.GROUP.value,
    )
    contact = StringField(
        _l("Name of the contact"),
        validators=[
            DataRequired(_l("Please name the contact.")),
            Length(max=200),
            PlainText(),
        ],
        description=_l("A group, company, sponsor or department, and a person if useful."),
    )
    reason = message_field(
        _l("Why this contact?"),
        required=True,
        description=_l("What the contact can do for the project."),
    )
    submit = SubmitField(_l("Record introduction"))


class OutcomeForm(BaseForm):
    outcome = message_field(
        _l("Outcome"),
        required=True,
        description=_l("What came of the contact, e.g. a meeting, a room, a donation, nothing."),
    )
    submit = SubmitField(_l("Save outcome"))


class HurdleForm(BaseForm):
    title = StringField(
        _l("What blocks the project?"),
        validators=[
            DataRequired(_l("Please name the hurdle.")),
            Length(max=200),
            PlainText(),
        ],
    )
    description = message_field(_l("Details (optional)"))
    assignee = SelectField(_l("Who works on it?"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Add hurdle"))


class HurdleUpdateForm(BaseForm):
    status = SelectField(
        _l("Status"),
        choices=choices((s.value, label) for s, label in HURDLE_STATUS_LABELS.items()),
        coerce=HurdleStatus,
    )
    assignee = SelectField(_l("Who works on it?"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Save"))


class QuestionForm(BaseForm):
    question = TextAreaField(
        _l("Question for the city council"),
        validators=[
            DataRequired(_l("Please write the question.")),
            Length(max=MESSAGE_MAX),
            PlainText(),
        ],
        description=_l("For example: May the fallow land on Hechtstraße be used as a garden?"),
    )
    submit = SubmitField(_l("Note question"))


class BringForm(BaseForm):
    reference = StringField(
        _l("Reference"),
        validators=[
            DataRequired(_l("Please give the reference, such as the motion or session number.")),
            Length(max=120),
            PlainText(),
        ],
        description=_l("For example: motion A0123/26 or the council session of 12.11.2026."),
    )
    brought_on = _date_field(
        _l("Brought in on"), _l("Please give the date, for example 23.11.2026.")
    )
    submit = SubmitField(_l("Save"))


class AnswerForm(BaseForm):
    answer = TextAreaField(
        _l("Answer of the council or administration"),
        validators=[DataRequired(_l("Please enter the answer.")), Length(max=LONG_TEXT_MAX)],
        description=MESSAGE_HELP,
    )
    answered_on = _date_field(
        _l("Answered on"), _l("Please give the date, for example 23.11.2026.")
    )
    submit = SubmitField(_l("Save answer"))


class MediationForm(BaseForm):
    subject = StringField(
        _l("Subject"),
        validators=[DataRequired(_l("Please give a subject.")), Length(max=200), PlainText()],
    )
    message = TextAreaField(
        _l("What is the conflict about?"),
        validators=[DataRequired(_l("Please describe the conflict.")), Length(max=LONG_TEXT_MAX)],
        description=_l(
            "Only the mentors of the project read this. Nobody else on the team sees it."
        ),
    )
    submit = SubmitField(_l("Ask the mentors for help"))
