"""Form base classes and validators shared by every domain."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    Field,
    Form,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from civic.core.sanitize import has_control_characters, has_markup


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Choices for select, radio and multiple-select fields."""
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a group of check boxes (rendered as a fieldset by ``field()``)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def strip(value: Any) -> Any:
    """Surrounding white space goes, and so does the NUL character, which nobody types and
    PostgreSQL cannot store (it would turn a form into a server error)."""
    # A select field may already have coerced its value to a StrEnum, which is a str too;
    # only plain text is cleaned, so that the value keeps its type.
    if type(value) is not str:
        return value
    return value.replace("\x00", "").strip()


class BaseForm(FlaskForm):
    """Strips surrounding white space (and NUL characters) from every text field."""

    class Meta:
        def bind_field(self, form: Form, unbound_field: Any, options: dict[str, Any]) -> Field:
            filters = list(unbound_field.kwargs.get("filters", []))
            # Lists of fields and sub-forms take no filters; their own fields are stripped.
            if unbound_field.field_class.__name__ not in {
                "PasswordField",
                "FileField",
                "FieldList",
                "FormField",
            }:
                filters.insert(0, strip)
            if options.get("name") == "csrf_token" or unbound_field.field_class is SubmitField:
                # Several forms share a page (the language switch is on every one): the hidden
                # token and the buttons go without an id, which would be the same in each.
                render_kw = {**(unbound_field.kwargs.get("render_kw") or {}), "id": False}
                return unbound_field.bind(
                    form=form, filters=filters, render_kw=render_kw, **options
                )
            return unbound_field.bind(form=form, filters=filters, **options)


class PlainText:
    """Refuses HTML markup and invisible control characters in a plain-text field."""

    def __call__(self, form: Form, field: Field) -> None:
        value = field.data or ""
        if has_markup(value):
            raise ValidationError(_l("Please use plain text without HTML tags."))
        if has_control_characters(value):
            raise ValidationError(_l("This text contains invisible control characters."))


def is_safe_path(target: str | None) -> bool:
    """Only paths on this site (``/something``) are allowed as redirect targets."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


class FeedbackForm(BaseForm):
    """A report of a barrier, below the accessibility statement. The message may quote the HTML
    of the page it is about: it is only ever shown escaped and mailed as plain text."""

    message = TextAreaField(
        _l("What is the barrier?"),
        validators=[
            DataRequired(_l("Please describe the barrier.")),
            Length(max=5000, message=_l("At most 5,000 characters.")),
        ],
        description=_l(
            "Describe what you tried to do and what did not work, for example which content you "
            "could not read or which button you could not reach."
        ),
        render_kw={"rows": 6},
    )
    page = StringField(
        _l("On which page? (optional)"),
        validators=[Optional(), Length(max=500, message=_l("At most 500 characters."))],
        description=_l("The address of the page on this platform, for example /projects."),
    )
    name = StringField(
        _l("Your name (optional)"),
        validators=[
            Optional(),
            Length(max=120, message=_l("At most 120 characters.")),
            PlainText(),
        ],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("Your e-mail address (optional)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("At most 254 characters.")),
            Email(
                _l("Please enter a valid e-mail address, for example name@example.org."),
                check_deliverability=False,
            ),
        ],
        description=_l("Only if you want an answer: we need your address to write back to you."),
        render_kw={"autocomplete": "email"},
    )
    submit = SubmitField(_l("Send feedback"))

    def validate_message(self, field: Field) -> None:
        if has_control_characters(field.data or ""):
            raise ValidationError(_l("This text contains invisible control characters."))

    def validate_page(self, field: Field) -> None:
        from civic.core.feedback import same_site_path

        if field.data and same_site_path(field.data) is None:
            raise ValidationError(
                _l("Please give the address of a page on this platform, such as /projects.")
            )


class FeedbackAnswerForm(BaseForm):
    answer = TextAreaField(
        _l("Answer"),
        validators=[
            DataRequired(_l("Please write an answer.")),
            Length(max=10000, message=_l("At most 10,000 characters.")),
            PlainText(),
        ],
        render_kw={"rows": 8},
    )
    submit = SubmitField(_l("Save and send answer"))
