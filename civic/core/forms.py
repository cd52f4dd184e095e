"""Form base classes and validators shared by every domain."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, Form, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
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
