"""Forms of the participation domain. The operations check what a form cannot know (who may
post, the time limit for editing, replies to replies)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from civic.core.forms import BaseForm, PlainText
from civic.projects.forms import ImageForm

COMMENT_MAX = 5_000
UPDATE_TITLE_MAX = 160
UPDATE_BODY_MAX = 20_000
MARKDOWN_HINT = _l(
    "You can format the text: **bold**, *italic*, a dash (-) at the start of a line for a list."
)


class CommentForm(BaseForm):
    body = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(_l("Please write something.")), Length(max=COMMENT_MAX)],
        description=MARKDOWN_HINT,
    )
    parent_id = HiddenField()
    submit = SubmitField(_l("Post comment"))

    def validate_parent_id(self, field: Any) -> None:
        raw = field.data or ""
        if raw and not (raw.isascii() and raw.isdigit() and len(raw) < 10):
            raise ValidationError(_l("Please reply to a comment on this page."))

    @property
    def parent(self) -> int | None:
        raw = self.parent_id.data or ""
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


class EditCommentForm(BaseForm):
    body = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(_l("Please write something.")), Length(max=COMMENT_MAX)],
        description=MARKDOWN_HINT,
    )
    submit = SubmitField(_l("Save changes"))


class UpdateForm(ImageForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Please give the news a title.")),
            Length(max=UPDATE_TITLE_MAX),
            PlainText(),
        ],
        description=_l("Short and clear, e.g. “The first beds are planted”."),
    )
    body = TextAreaField(
        _l("Text"),
        validators=[
            DataRequired(_l("Please write what is new.")),
            Length(max=UPDATE_BODY_MAX),
        ],
        description=MARKDOWN_HINT,
    )
    submit = SubmitField(_l("Publish news"))

    def operation_fields(self, editing: bool = False) -> dict[str, Any]:
        fields = {
            "title": self.title.data,
            "body": self.body.data or "",
            "image": self.image.data.stream if self.image.data else None,
            "image_alt": self.image_alt.data or "",
        }
        if editing:
            fields["remove_image"] = bool(self.remove_image.data)
        return fields
