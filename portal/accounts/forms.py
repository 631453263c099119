"""Sign-in and two-factor forms. Messages follow the GOV.UK design system and never say
whether a username exists."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from django import forms
from django.contrib.auth import authenticate

from wagtail.images.forms import BaseImageForm

from . import otp
from .models import BackupCodeDevice

WRONG_PASSWORD = "Enter a correct username and password"
TAMPERED = "This sign-in form was changed before it was sent. Start again from the beginning."


class GovukForm(forms.Form):
    """Adds the list the GOV.UK error summary needs: each message linked to its field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)

    @property
    def error_summary(self):
        if not self.is_bound or not self.errors:
            return []
        items = []
        first = next(iter(self.fields), "")
        for message in self.non_field_errors():
            items.append({"field": first, "message": message})
        for name in self.fields:
            for message in self.errors.get(name, []):
                items.append({"field": name, "message": message})
        return items


class PasswordForm(GovukForm):
    """Step one. authenticate() gets the request, so django-axes can count failures per
    username and address, and refuse a locked-out pair before the password is even checked."""

    username = forms.CharField(max_length=150, error_messages={"required": "Enter your username"})
    password = forms.CharField(
        max_length=4096, strip=False, error_messages={"required": "Enter your password"}
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        self.locked_out = False
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        username, password = cleaned.get("username"), cleaned.get("password")
        if self.errors or not username or not password:
            return cleaned
        self.user = authenticate(self.request, username=username, password=password)
        if self.user is None:
            self.locked_out = bool(getattr(self.request, "axes_locked_out", False))
            self.add_error("username", WRONG_PASSWORD)
        return cleaned


def throttled_message(seconds, then):
    """'Wait 1 second' or 'Wait 8 seconds', and what to do after, for this kind of code."""
    unit = "second" if seconds == 1 else "seconds"
    return f"You have entered too many incorrect codes. Wait {seconds} {unit}, {then}"


class DeviceCodeForm(GovukForm):
    """A code for one named device of this user. Only that device is tried (and throttled)."""

    device_model = TOTPDevice
    code = forms.CharField(required=False, strip=False)
    device = forms.CharField(required=False, widget=forms.HiddenInput)

    messages = {
        "empty": "Enter the 6-digit code from your authenticator app",
        "format": "The code must be 6 digits, using the numbers 0 to 9",
        "wrong": "The code is not correct or has expired. Enter the latest code from your authenticator app",
        "retry": "then enter the latest code from your authenticator app",
    }

    def __init__(self, user, *args, **kwargs):
        self.user = user
        self.verified_device = None
        self.tampered = False
        self.wrong = False  # a well-formed code was checked and refused
        super().__init__(*args, **kwargs)
        # Any text is accepted here and judged by normalise(), so every bad code gets our message.
        self.fields["code"].validators = []

    def normalise(self, value):
        return otp.normalise_totp(value)

    def clean_device(self):
        chosen = otp.user_devices(self.user).get(self.cleaned_data.get("device", ""))
        if not isinstance(chosen, self.device_model):
            self.tampered = True
            raise forms.ValidationError(TAMPERED)
        return chosen

    def clean_code(self):
        value = self.cleaned_data.get("code", "")
        if not value.strip():
            raise forms.ValidationError(self.messages["empty"])
        code = self.normalise(value)
        if code is None:
            raise forms.ValidationError(self.messages["format"])
        return code

    def clean(self):
        cleaned = super().clean()
        device, code = cleaned.get("device"), cleaned.get("code")
        if self.errors or device is None or code is None:
            return cleaned
        result = otp.verify_code(self.user, device, code)
        if result.throttled_until is not None:
            self.add_error("code", throttled_message(result.wait_seconds, self.messages["retry"]))
        elif not result.ok:
            self.wrong = True
            self.add_error("code", self.messages["wrong"])
        else:
            self.verified_device = result.device
        return cleaned


class BackupCodeForm(DeviceCodeForm):
    device_model = BackupCodeDevice
    messages = {
        "empty": "Enter one of your backup codes",
        "format": "A backup code is 10 letters and numbers, like abcde-23456",
        "wrong": "The backup code is not correct or has already been used",
        "retry": "then enter one of your backup codes",
    }

    def normalise(self, value):
        return otp.normalise_backup(value)


class NewAuthenticatorForm(GovukForm):
    """The first code from an authenticator being set up: proves it was added correctly."""

    code = forms.CharField(required=False, strip=False)

    def __init__(self, device, *args, **kwargs):
        self.device = device
        self.verified_device = None
        super().__init__(*args, **kwargs)
        self.fields["code"].validators = []

    def clean_code(self):
        value = self.cleaned_data.get("code", "")
        if not value.strip():
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app")
        code = otp.normalise_totp(value)
        if code is None:
            raise forms.ValidationError(DeviceCodeForm.messages["format"])
        result = otp.verify_new_totp(self.device, code)
        if result.throttled_until is not None:
            raise forms.ValidationError(
                throttled_message(result.wait_seconds, DeviceCodeForm.messages["retry"])
            )
        if not result.ok:
            raise forms.ValidationError(
                "The code is not correct. Check the app shows the MAPPA Portal and enter its latest code"
            )
        self.verified_device = result.device
        return code


class ReauthenticateForm(DeviceCodeForm):
    """Password and a fresh code again, before backup codes or the authenticator change."""

    password = forms.CharField(
        max_length=4096, strip=False, error_messages={"required": "Enter your password"}
    )
    field_order = ["password", "code", "device"]

    def __init__(self, request, user, *args, backup=False, **kwargs):
        self.request = request
        if backup:
            self.device_model = BackupCodeDevice
            self.messages = BackupCodeForm.messages
        super().__init__(user, *args, **kwargs)
        self.order_fields(self.field_order)

    def normalise(self, value):
        if self.device_model is BackupCodeDevice:
            return otp.normalise_backup(value)
        return otp.normalise_totp(value)

    def clean(self):
        password = self.cleaned_data.get("password")
        if password:
            who = authenticate(self.request, username=self.user.get_username(), password=password)
            if who is None or who.pk != self.user.pk:
                self.add_error("password", "Your password is not correct")
                return self.cleaned_data
        if self.errors:
            return self.cleaned_data
        return super().clean()


class PublicImageForm(BaseImageForm):
    """Images are always public (their files and renditions are served without checks), so
    they may not be put in a restricted collection."""

    def clean_collection(self):
        from portal.core.visibility import restricted_collection_ids

        collection = self.cleaned_data.get("collection")
        if collection is not None and collection.pk in restricted_collection_ids():
            raise forms.ValidationError(
                "Images are always public, so they cannot go in a restricted collection. "
                "Put restricted material in a document instead."
            )
        return collection
