"""Forms of moderation. Every form validates on the server; the operations check what a form
cannot know (permissions, states, whether the person reported already)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, RadioField, SubmitField
from wtforms.validators import InputRequired, Optional, ValidationError

from civic.core.dates import local_today
from civic.core.forms import BaseForm, choices
from civic.moderation.models import ReportReason
from civic.moderation.workflow import HIDE_TEMPLATES, REASON_LABELS
from civic.projects.forms import message_field

PERMANENT = "permanent"
UNTIL_DATE = "until"


class ReportForm(BaseForm):
    reason = RadioField(
        _l("What is wrong with it?"),
        choices=choices((reason.value, label) for reason, label in REASON_LABELS.items()),
        validators=[InputRequired(_l("Please choose a reason."))],
    )
    message = message_field(
        _l("Anything the moderators should know? (optional)"),
        description=_l("Only the moderators read this. The author does not learn who you are."),
    )
    submit = SubmitField(_l("Send report"))

    @property
    def reason_value(self) -> ReportReason:
        return ReportReason(self.reason.data)


class DecisionForm(BaseForm):
    """Restoring an item, or dismissing its reports: a reason in the moderator's words."""

    reason = message_field(
        _l("Reason"),
        required=True,
        description=_l("The author reads this in the notification."),
    )
    submit = SubmitField(_l("Confirm"))


class RestoreDeletedForm(BaseForm):
    """Bringing back a deleted item: an optional note for its author."""

    note = message_field(
        _l("Note for the author (optional)"),
        description=_l("The author reads this in the notification."),
    )
    submit = SubmitField(_l("Restore"))


class DismissForm(BaseForm):
    reason = message_field(
        _l("Note for the history (optional)"),
        description=_l("Only the moderators read this."),
    )
    submit = SubmitField(_l("Dismiss reports"))


class HideForm(BaseForm):
    """Hiding needs a reason: one of the templates, a text of one's own, or both."""

    template = RadioField(
        _l("Reason for hiding"),
        choices=choices(HIDE_TEMPLATES.items()),
        default="",
        validators=[Optional()],
    )
    reason = message_field(
        _l("Explanation"),
        description=_l(
            "Required when you chose “Another reason”. The author reads the reason in the "
            "notification."
        ),
    )
    submit = SubmitField(_l("Hide"))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not self.template.data and not self.reason.data:
            self.reason.errors = [*self.reason.errors, _l("Please choose a reason or write one.")]
            return False
        return valid

    def full_reason(self) -> str:
        template = HIDE_TEMPLATES.get(self.template.data or "", "") if self.template.data else ""
        parts = [str(template), self.reason.data or ""]
        return " – ".join(part for part in parts if part)


def _in_future(form: BaseForm, field: DateField) -> None:
    if field.data is not None and field.data <= local_today():
        raise ValidationError(_l("The end of the block must lie in the future."))


class BlockForm(BaseForm):
    reason = message_field(
        _l("Reason"),
        required=True,
        description=_l("The person reads this in the notification."),
    )
    duration = RadioField(
        _l("How long?"),
        choices=choices([(UNTIL_DATE, _l("Until the date below")), (PERMANENT, _l("Permanently"))]),
        default=UNTIL_DATE,
        validators=[InputRequired(_l("Please choose how long the block lasts."))],
    )
    until = DateField(
        _l("Blocked until (the end of this day)"),
        format=["%Y-%m-%d", "%d.%m.%Y"],
        validators=[Optional(), _in_future],
        invalid_value_message=_l("Please enter a date like 2026-11-23 or 23.11.2026."),
    )
    confirmed = HiddenField(default="")
    submit = SubmitField(_l("Block"))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.duration.data == UNTIL_DATE and self.until.data is None and not self.until.errors:
            message = _l("Please enter the date the block ends, or choose permanently.")
            self.until.errors = [*self.until.errors, message]
            return False
        return valid

    def until_value(self) -> datetime | None:
        """The end of the chosen day in the city's time zone, as UTC; None for good."""
        if self.duration.data == PERMANENT or self.until.data is None:
            return None
        zone = ZoneInfo(str(get_timezone()))
        end = datetime.combine(self.until.data, time(23, 59), tzinfo=zone)
        return end.astimezone(UTC)
