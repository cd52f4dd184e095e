"""Forms of the account pages."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)

from civic.core.forms import BaseForm, PlainText, choices

LANGUAGE_CHOICES = choices([("de", "Deutsch"), ("en", "English")])


class PasswordStrength:
    def __call__(self, form: BaseForm, field: PasswordField) -> None:
        password = field.data or ""
        minimum = current_app.config["PASSWORD_MIN_LENGTH"]
        if len(password) < minimum:
            raise ValidationError(
                _l("The password must have at least %(min)d characters.", min=minimum)
            )
        if len(password) > 200:
            raise ValidationError(_l("The password may have at most 200 characters."))
        email = (form.data.get("email") or "").lower()
        if email and password.lower() == email:
            raise ValidationError(_l("The password must not be your e-mail address."))


def email_field(label: object = None, description: object = "") -> EmailField:
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            DataRequired(_l("Please enter your e-mail address.")),
            Length(max=254),
            Email(
                _l("Please enter a valid e-mail address, for example name@example.org."),
                check_deliverability=False,
            ),
        ],
        description=description,
        render_kw={"autocomplete": "email"},
    )


def display_name_field() -> StringField:
    return StringField(
        _l("Display name"),
        validators=[
            DataRequired(_l("Please enter a name.")),
            Length(min=2, max=80, message=_l("The name must have 2 to 80 characters.")),
            PlainText(),
        ],
        description=_l(
            "Shown publicly with your contributions. It can be your real name or a made-up name."
        ),
        render_kw={"autocomplete": "nickname"},
    )


class RegistrationForm(BaseForm):
    display_name = display_name_field()
    email = email_field(
        description=_l(
            "We send you a link to confirm the address. It is not shown on the platform."
        )
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Please choose a password.")), PasswordStrength()],
        description=_l("At least 10 characters. A sentence you can remember works well."),
        render_kw={"autocomplete": "new-password"},
    )
    consent = BooleanField(
        _l(
            "I have read the privacy notice and agree that my data is processed as described there."
        ),
        validators=[InputRequired(_l("Please agree to the privacy notice to register."))],
    )
    submit = SubmitField(_l("Create account"))


class LoginForm(BaseForm):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Please enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Stay signed in on this device (30 days)"))
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class EmailOnlyForm(BaseForm):
    email = email_field()
    submit = SubmitField(_l("Send link"))


class ResetPasswordForm(BaseForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Please choose a password.")), PasswordStrength()],
        description=_l("At least 10 characters."),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Please repeat the password.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Save new password"))


class ChangePasswordForm(ResetPasswordForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Please enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Change password"))


class ChangeEmailForm(BaseForm):
    email = email_field(_l("New e-mail address"))
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(_l("Please enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Change e-mail address"))


class ProfileForm(BaseForm):
    display_name = display_name_field()
    about = TextAreaField(
        _l("About me"),
        validators=[Length(max=5000, message=_l("At most 5,000 characters."))],
        description=_l(
            "Optional. You can format the text: **bold**, *italic*, "
            "a dash (-) at the start of a line for a list."
        ),
    )
    profile_public = BooleanField(
        _l("Show the text “About me” on my public profile"),
        description=_l(
            "Your display name is always public. Everything else stays private "
            "unless you tick this box."
        ),
    )
    locale = RadioField(
        _l("Language of e-mails"),
        choices=LANGUAGE_CHOICES,
        default="de",
        description=_l("The platform writes its e-mails to you in this language."),
    )
    submit = SubmitField(_l("Save profile"))


class CouncilProfileForm(BaseForm):
    faction = StringField(
        _l("Faction"),
        validators=[DataRequired(_l("Please enter the faction.")), Length(max=120), PlainText()],
    )
    committees = TextAreaField(
        _l("Committees"),
        validators=[Length(max=2000), PlainText()],
        description=_l("One committee per line."),
    )
    expertise = TextAreaField(
        _l("Areas of expertise"),
        validators=[Length(max=2000), PlainText()],
        description=_l("One area per line, e.g. urban planning, youth work."),
    )
    districts = SelectMultipleField(
        _l("Districts"), coerce=int, description=_l("The districts you care for.")
    )
    topics = SelectMultipleField(_l("Topics"), coerce=int)
    conflicts_of_interest = TextAreaField(
        _l("Declared conflicts of interest"),
        validators=[Length(max=2000), PlainText()],
        description=_l(
            "Memberships, offices or business ties that touch projects you might mentor. "
            "They are shown publicly on your profile."
        ),
    )
    mentoring_open = BooleanField(_l("I take on projects as a mentor"))
    mentor_capacity = IntegerField(
        _l("Maximum number of projects I mentor at the same time"),
        validators=[
            InputRequired(_l("Please enter a number.")),
            NumberRange(0, 50, _l("Please enter a number from 0 to 50.")),
        ],
        default=3,
    )
    submit = SubmitField(_l("Save public profile"))


class ConfirmForm(BaseForm):
    """An empty form: a button with a CSRF token, for actions that need no input."""

    submit = SubmitField(_l("Confirm"))


class LanguageForm(BaseForm):
    lang = SelectField(choices=LANGUAGE_CHOICES)
    next = HiddenField()


def totp_code_field(label: object = None, description: object = None) -> StringField:
    return StringField(
        label or _l("Code"),
        validators=[
            DataRequired(_l("Please enter the code.")),
            Length(max=40, message=_l("This code is too long.")),
        ],
        description=description,
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"},
    )


class TotpConfirmForm(BaseForm):
    code = totp_code_field(
        _l("Code from the app"), _l("The six digits your authenticator app shows now.")
    )
    submit = SubmitField(_l("Switch on"))


class TotpDisableForm(BaseForm):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(_l("Please enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    code = totp_code_field(
        _l("Code from the app or a recovery code"),
        _l("The six digits your authenticator app shows now, or one of your recovery codes."),
    )
    submit = SubmitField(_l("Switch off"))


class SecondStepForm(BaseForm):
    code = totp_code_field(
        _l("Code from the app or a recovery code"),
        _l("The six digits your authenticator app shows now, or one of your recovery codes."),
    )
    submit = SubmitField(_l("Confirm and sign in"))


class ExportForm(BaseForm):
    """The download of one's own data, after confirming with the password."""

    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(_l("Please enter your password."))],
        description=_l("To protect your data, please confirm it is you."),
        render_kw={"autocomplete": "current-password"},
    )
    data = SubmitField(_l("Download my data (JSON)"))
    uploads = SubmitField(_l("Download my uploaded files (ZIP)"))


class DeleteAccountForm(BaseForm):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(_l("Please enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    confirm = BooleanField(
        _l("Yes, delete my account. I know that this cannot be undone."),
        validators=[DataRequired(_l("Please confirm that you want to delete your account."))],
    )
    submit = SubmitField(_l("Delete my account for good"))
