"""Forms of the events domain. Times are typed in the site's time zone (Europe/Berlin by
default) and handed to the operations in UTC; the operations check what a form cannot know
(permissions, the past, seats already taken)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateTimeLocalField,
    Field,
    Form,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from civic.core.forms import BaseForm, MultiCheckboxField, PlainText

TITLE_MAX = 200
LONG_TEXT_MAX = 20_000
PLACE_MAX = 2_000
MESSAGE_MAX = 2_000
MAX_CAPACITY = 100_000
FIRST_YEAR, LAST_YEAR = 2000, 2100


def site_timezone() -> ZoneInfo:
    return ZoneInfo(str(get_timezone()))


def to_utc(local: datetime) -> datetime:
    """A wall-clock time in the site's time zone as an aware UTC timestamp."""
    return local.replace(tzinfo=site_timezone()).astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    """An aware timestamp as the site's wall-clock time (for filling a form)."""
    return moment.astimezone(site_timezone()).replace(tzinfo=None)


class LocalDateTime(DateTimeLocalField):
    """A date and time as the browser's date-time input sends it; typed by hand also as
    ``24.12.2026 18:00`` or ``2026-12-24 18:00``."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M:%S"]
        super().__init__(
            label,
            validators,
            format=formats,
            invalid_value_message=_l("Please enter a date and time, e.g. 24.12.2026 18:00."),
            **kwargs,
        )


def _within_years(form: Form, field: Field) -> None:
    if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(
            _l(
                "Please enter a date between %(first)d and %(last)d.",
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )


class EventForm(BaseForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Please give the event a title.")),
            Length(max=TITLE_MAX),
            PlainText(),
        ],
        description=_l("Short and clear, e.g. “District meeting Pieschen: the new market”."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=LONG_TEXT_MAX)],
        description=_l(
            "What is it about, who is it for, what happens? "
            "You can format the text: **bold**, *italic*, "
            "a dash (-) at the start of a line for a list."
        ),
    )
    starts_at = LocalDateTime(
        _l("Begins"),
        validators=[InputRequired(_l("Please enter when the event begins.")), _within_years],
        description=_l("Date and time (local time), e.g. 24.12.2026 18:00."),
    )
    ends_at = LocalDateTime(
        _l("Ends"),
        validators=[InputRequired(_l("Please enter when the event ends.")), _within_years],
        description=_l("Date and time (local time), after the beginning."),
    )
    venue = TextAreaField(
        _l("Place and address"),
        validators=[
            DataRequired(_l("Please say where the event takes place.")),
            Length(max=PLACE_MAX),
            PlainText(),
        ],
        description=_l(
            "The name of the place, street and number, e.g. “Stadtteilhaus, Prießnitzstraße 18”."
        ),
    )
    accessibility = TextAreaField(
        _l("Accessibility"),
        validators=[Length(max=PLACE_MAX), PlainText()],
        description=_l(
            "Optional: step-free access, hearing loop, sign language interpretation, "
            "accessible toilet, quiet room – and what is not available."
        ),
    )
    district = SelectField(
        _l("District"),
        coerce=int,
        validators=[Optional()],
        description=_l("Optional: where the event takes place. Leave it empty for the whole city."),
    )
    capacity = IntegerField(
        _l("Seats"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_CAPACITY,
                message=_l("Please enter a number between 1 and 100,000."),
            ),
        ],
        description=_l(
            "Optional. Leave empty for unlimited seats. When all seats are taken, people can "
            "join the waiting list."
        ),
    )
    projects = MultiCheckboxField(
        _l("Linked projects"),
        coerce=int,
        description=_l(
            "Optional. The event appears on the timeline of each project you choose. "
            "Only published projects are listed."
        ),
    )
    submit = SubmitField(_l("Announce event"))
    save = SubmitField(_l("Save changes"))

    def validate_ends_at(self, field: Field) -> None:
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end must be after the start."))

    def fill_from(self, event: Any) -> None:
        self.title.data = event.title
        self.description.data = event.description_markdown
        self.starts_at.data = to_local(event.starts_at)
        self.ends_at.data = to_local(event.ends_at)
        self.venue.data = event.venue
        self.accessibility.data = event.accessibility
        self.district.data = event.district_id or 0
        self.capacity.data = event.capacity
        self.projects.data = [p.id for p in event.projects]

    def operation_fields(self) -> dict[str, Any]:
        return {
            "title": self.title.data,
            "description": self.description.data or "",
            "starts_at": to_utc(self.starts_at.data),
            "ends_at": to_utc(self.ends_at.data),
            "venue": self.venue.data or "",
            "accessibility": self.accessibility.data or "",
            "district_id": self.district.data or None,
            "capacity": self.capacity.data,
            "project_ids": self.projects.data or [],
        }


class CancelEventForm(BaseForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Please say why the event is cancelled.")),
            Length(max=MESSAGE_MAX),
            PlainText(),
        ],
        description=_l(
            "Required. Everyone registered or on the waiting list receives it by e-mail."
        ),
    )


class ReportForm(BaseForm):
    report = TextAreaField(
        _l("Report"),
        validators=[
            DataRequired(_l("Please write a few lines about the event.")),
            Length(max=LONG_TEXT_MAX),
        ],
        description=_l(
            "What was discussed, what was decided, what happens next? "
            "You can format the text: **bold**, *italic*, "
            "a dash (-) at the start of a line for a list."
        ),
    )
    submit = SubmitField(_l("Save the report"))
