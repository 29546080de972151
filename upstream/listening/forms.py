"""Upload and review forms. The upload is parsed in `clean()`; nothing is saved by either form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upstream.lib.forms import NoSilentCut, PlainForm, refuse_unstorable
from upstream.listening.access import upload_scopes
from upstream.listening.models import SessionKind
from upstream.listening.transcripts import ParsedTurn, TranscriptError, parse_transcript
from upstream.org.models import Unit, User
from upstream.org.pickers import picker_choices

MAX_BYTES = 2 * 1024 * 1024
# A pasted transcript's limit, said under its box: a round number ("Up to 2,097,152 characters"
# puzzled a new user), about what a 2 MB file holds.
MAX_CHARACTERS = 2_000_000
EXTENSIONS = (".txt", ".vtt")
# The earliest year a session may be dated, as the dashboards' periods start: before it, a year typed short.
EARLIEST_YEAR = 2000


# NoSilentCut: no maxlength on the boxes, where a browser cuts a pasted title or transcript without
# a word; the form refuses what is too long and the page shows it again, whole.
class UploadForm(NoSilentCut, PlainForm):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("For example: Residents' focus group, spring.")
    )
    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices)
    held_on = forms.DateField(label=_("Date held"), widget=forms.DateInput(attrs={"type": "date"}))
    scope = forms.ChoiceField(
        label=_("Whose session is it?"),
        help_text=_("The unit whose staff took part."),
        # Also the API's answer for `scope_id`, where there is no list to point at.
        error_messages={"invalid_choice": _("Please choose a unit you lead, or one below it.")},
    )
    guide_used = forms.BooleanField(label=_("We used Upstream's discussion guide"), required=False)
    file = forms.FileField(
        label=_("Transcript file (optional)"),
        required=False,
        help_text=_("Plain text (.txt) or WebVTT captions (.vtt), up to 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.vtt,text/plain,text/vtt"}),
    )
    text = forms.CharField(
        label=_("…or paste the transcript"),
        required=False,
        max_length=MAX_CHARACTERS,
        help_text=_("Each turn starts with the speaker's role, like 'Resident 2:' or 'Nurse:'."),
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in upload_scopes(user)}
        self.fields["scope"].choices = picker_choices(self.units.values())
        self.turns: list[ParsedTurn] = []

    def clean_held_on(self) -> dt.date:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        if held_on.year < EARLIEST_YEAR:
            # 0202-12-01 was saved and listed as "1 Dec 0202": a year typed short, not a session.
            raise forms.ValidationError(
                _("Check the year: the date must be in %(year)d or later.") % {"year": EARLIEST_YEAR}
            )
        return held_on

    def clean_file(self) -> str | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if Path(upload.name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(_("Upload a .txt or .vtt file."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB. Split the session into parts."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text. Save it as UTF-8 and try again.")
            ) from None
        if "\x00" in text:
            # The databases refuse NUL in text: refused here, before review, not as a failed save.
            raise forms.ValidationError(
                _("The transcript holds a NUL character, so it is not a text file. Save it as UTF-8 text.")
            )
        refuse_unstorable(text)  # a control character: the same words as in the pasted text
        return text

    def clean(self) -> dict:
        data = super().clean()
        source = data.get("file") or data.get("text") or ""
        if self.errors:
            return data
        if data.get("file") and data.get("text", "").strip():
            raise forms.ValidationError(_("Upload a file or paste the text, not both."))
        if not source.strip():
            raise forms.ValidationError(
                _("Add a transcript: upload a file or paste the text. An empty file cannot be read.")
            )
        try:
            self.turns = parse_transcript(source)
        except TranscriptError as error:
            raise forms.ValidationError(
                _("The transcript could not be read: %(problem)s.") % {"problem": error}
            ) from None
        return data

    def chosen_scope(self) -> Unit:
        return self.units[self.cleaned_data["scope"]]


class ReviewForm(NoSilentCut, PlainForm):
    payload = forms.CharField(widget=forms.HiddenInput)
    redact = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    extra_names = forms.CharField(
        label=_("Other names to redact (optional)"),
        required=False,
        max_length=2000,
        help_text=_("Names we missed, separated by commas. Every occurrence is replaced by [name]."),
    )

    def __init__(self, *args: object, names: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["redact"].choices = [(name, name) for name in names]

    def names_to_redact(self) -> list[str]:
        extra = [n.strip() for n in self.cleaned_data.get("extra_names", "").split(",")]
        return [*self.cleaned_data.get("redact", []), *(n for n in extra if len(n) > 1)]
