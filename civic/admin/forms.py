"""Forms of the admin area."""

from __future__ import annotations

import math
import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    Field,
    FloatField,
    IntegerField,
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
    Regexp,
    StopValidation,
    ValidationError,
)

from civic.accounts.models import GRANTABLE_ROLES, ROLE_LABELS
from civic.core.forms import BaseForm, PlainText, choices
from civic.opendata.geo import tile_url_error

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class GrantRoleForm(BaseForm):
    role = SelectField(
        _l("Role"),
        choices=choices((r.value, ROLE_LABELS[r.value]) for r in GRANTABLE_ROLES),
        validators=[DataRequired()],
    )
    department = SelectField(
        _l("Department"),
        coerce=int,
        description=_l("Only for department contacts: the department they belong to."),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Grant role"))


def name_field(label: object) -> StringField:
    return StringField(
        label,
        validators=[
            DataRequired(_l("Please enter a name.")),
            Length(max=120, message=_l("At most 120 characters.")),
            PlainText(),
        ],
    )


class DistrictForm(BaseForm):
    name = name_field(_l("Name"))
    submit = SubmitField(_l("Save"))


class TopicForm(BaseForm):
    name_de = name_field(_l("Name in German"))
    name_en = name_field(_l("Name in English"))
    submit = SubmitField(_l("Save"))


class DepartmentForm(BaseForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Please enter a name.")), Length(max=200), PlainText()],
        description=_l(
            "For example: Geschäftsbereich Stadtentwicklung, Bau, Verkehr und Liegenschaften"
        ),
    )
    submit = SubmitField(_l("Save"))


TERM_FORMS = {"districts": DistrictForm, "topics": TopicForm, "departments": DepartmentForm}


def colour_field(label: object) -> StringField:
    return StringField(
        label,
        validators=[
            DataRequired(),
            Regexp(HEX_COLOUR, message=_l("Please enter a colour like #0b5394.")),
        ],
        description=_l(
            "A hex colour such as #0b5394. Text on it is white, so choose a dark colour."
        ),
        render_kw={"type": "color"},
    )


class SettingNumber(FloatField):
    """A number of the settings, written with a point or a comma ("NaN" or "Infinity" are no
    number); ``whole`` for an integer. A field left out of the request keeps the stored value;
    a field sent empty is an error."""

    def __init__(
        self, *args: Any, whole: bool = False, message: object = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.whole = whole
        self.message = message or _l("Please enter a number.")

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return
        text = valuelist[0].strip().replace(",", ".")
        try:
            value = int(text) if self.whole else float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.data = None
            raise ValueError(self.message)
        self.data = value

    def pre_validate(self, form: object) -> None:
        # One message is enough: the range check would only repeat it.
        if self.process_errors:
            raise StopValidation()


def degrees_field(label: object, limit: int, example: str) -> SettingNumber:
    return SettingNumber(
        label,
        message=_l("Please enter a number in decimal degrees, e.g. %(example)s.", example=example),
        validators=[
            NumberRange(-limit, limit, _l("Between -%(limit)d and %(limit)d, please.", limit=limit))
        ],
        description=_l("In decimal degrees, e.g. %(example)s.", example=example),
    )


class SettingsForm(BaseForm):
    city_name = StringField(
        _l("Name of the city"), validators=[DataRequired(), Length(max=120), PlainText()]
    )
    platform_name = StringField(
        _l("Name of the platform"), validators=[DataRequired(), Length(max=120), PlainText()]
    )
    tagline_de = StringField(_l("Tagline in German"), validators=[Length(max=300), PlainText()])
    tagline_en = StringField(_l("Tagline in English"), validators=[Length(max=300), PlainText()])
    operator_name = StringField(
        _l("Operator"),
        validators=[Length(max=300), PlainText()],
        description=_l("The body responsible for the platform, as named in the imprint."),
    )
    contact_address = TextAreaField(
        _l("Postal address"), validators=[Length(max=1000), PlainText()]
    )
    contact_email = StringField(
        _l("Contact e-mail address"),
        validators=[
            Optional(),
            Length(max=254),
            Email(_l("Please enter a valid e-mail address."), check_deliverability=False),
        ],
    )
    contact_phone = StringField(_l("Contact phone"), validators=[Length(max=60), PlainText()])
    dpo_contact = TextAreaField(
        _l("Data protection officer"), validators=[Length(max=1000), PlainText()]
    )
    conciliation_body = TextAreaField(
        _l("Conciliation body for accessibility"),
        validators=[Length(max=1000), PlainText()],
        description=_l(
            "Name and contact of the Schlichtungsstelle named in the accessibility statement."
        ),
    )
    primary_color = colour_field(_l("Main colour"))
    accent_color = colour_field(_l("Accent colour"))
    gate_min_team_size = IntegerField(
        _l("Team members needed for development"),
        validators=[InputRequired(_l("Please enter a number.")), NumberRange(1, 50)],
        description=_l("How many people a team needs before it can ask to move on to development."),
    )
    gate_min_concept_chars = IntegerField(
        _l("Minimum length of the short concept (characters)"),
        validators=[InputRequired(_l("Please enter a number.")), NumberRange(0, 20000)],
    )
    gate_min_report_chars = IntegerField(
        _l("Minimum length of the final report (characters)"),
        validators=[InputRequired(_l("Please enter a number.")), NumberRange(0, 20000)],
    )
    map_tile_url = StringField(
        _l("Address of the map tiles"),
        validators=[Length(max=300)],
        description=_l(
            "Optional; without it there is no map. A template such as "
            "https://tile.example.org/{z}/{x}/{y}.png. Visitors' browsers load the map pictures "
            "from this server after they ask for the map, so it learns their IP address: "
            "name it in the privacy notice."
        ),
    )
    map_attribution = StringField(
        _l("Attribution of the map"),
        validators=[Length(max=300), PlainText()],
        description=_l(
            "Required with a tile server: the credit its licence asks for, "
            "e.g. “© OpenStreetMap-Mitwirkende”."
        ),
    )
    map_latitude = degrees_field(_l("Latitude of the map centre"), 90, "51.0504")
    map_longitude = degrees_field(_l("Longitude of the map centre"), 180, "13.7373")
    map_zoom = SettingNumber(
        _l("Zoom level of the map"),
        whole=True,
        message=_l("Please enter a whole number between 1 and 19."),
        validators=[NumberRange(1, 19, _l("Between 1 and 19, please."))],
        description=_l("From 1 (the whole world) to 19 (single houses); 12 shows a city."),
    )
    logo = FileField(
        _l("Logo"),
        validators=[FileAllowed(["png", "jpg", "jpeg"], _l("Please upload a PNG or JPEG image."))],
        description=_l("Optional. PNG or JPEG, at most 2 MB. It is shown in the page header."),
    )
    submit = SubmitField(_l("Save settings"))

    def validate_map_tile_url(self, field: Field) -> None:
        if field.data:
            problem = tile_url_error(field.data)
            if problem is not None:
                raise ValidationError(problem)

    def validate_map_attribution(self, field: Field) -> None:
        if self.map_tile_url.data and not field.data:
            raise ValidationError(
                _l("Please enter the attribution that the tile server's licence asks for.")
            )


class PageForm(BaseForm):
    body = TextAreaField(
        _l("Text"),
        validators=[
            DataRequired(_l("Please enter the text of the page.")),
            Length(max=50000, message=_l("At most 50,000 characters.")),
        ],
        description=_l("Markdown: ## for headings, *italic*, **bold**, lists and links."),
        render_kw={"rows": 24},
    )
    submit = SubmitField(_l("Save page"))


class UserSearchForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(_l("Name or e-mail"), validators=[Length(max=200)])
    role = SelectField(_l("Role"), validators=[Optional()])
