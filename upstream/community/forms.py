"""Forms for the community pages (validation of shape only; rules live in services)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from upstream.community.models import Category, Resource
from upstream.concerns.forms import FormKeyField
from upstream.intake import formkeys
from upstream.lib.forms import UNIT_CHOICE_ERRORS, NoSilentCut, PlainForm, PlainModelForm
from upstream.org.pickers import picker_choices


class ResourceSearchForm(PlainForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(
        label=_("Kind of help"), required=False, choices=[("", _("Any kind"))] + list(Category.choices)
    )


class ResourceForm(NoSilentCut, PlainModelForm):
    language = forms.ChoiceField(
        label=_("Language of the text"),
        required=False,
        help_text=_("Leave “Every language” unless you add the same resource in each language."),
    )
    form_key = FormKeyField()  # a new resource sent twice (a double tap, Back and save again) is added once
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,  # the column's (a small integer) and the API's bound
        initial=100,
        help_text=_("Lower numbers are listed first."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_key", formkeys.new_key())
        # Filled in here: LANGUAGES is a setting, and the names are translated when the page is drawn.
        self.fields["language"].choices = [("", _("Every language")), *settings.LANGUAGES]

    def _dialable(self, field: str) -> str:
        from upstream.community.services.resources import dialable_problem

        value = self.cleaned_data.get(field, "")
        if problem := dialable_problem(value):
            raise forms.ValidationError(problem, code="letters")
        return value

    def clean_phone(self) -> str:
        return self._dialable("phone")

    def clean_sms_number(self) -> str:
        return self._dialable("sms_number")

    def clean_country(self) -> str:
        """Said at the field, as a country code no reader is in would hide the resource from all."""
        from upstream.community.services.resources import country_problem

        country = (self.cleaned_data.get("country") or "").strip().upper()
        if problem := country_problem(country):
            raise forms.ValidationError(problem)
        return country

    class Meta:
        model = Resource
        fields = [
            "name",
            "category",
            "description",
            "language",
            "country",
            "phone",
            "sms_number",
            "sms_body",
            "url",
            "hours",
            "keywords",
            "show_in_distress",
            "active",
            "order",
        ]
        # Django's own words for a web address ("Enter a valid URL.") and no upper bound an editor
        # could read for the order (a 20-digit one was told "9223372036854775807 or less"): ours.
        error_messages = {
            "url": {
                "invalid": _(
                    "Write the whole web address, starting with https://, such as https://988lifeline.org."
                )
            },
        }
        # What the code does (search_resources, crisis_resources): blank is shown in every country.
        help_texts = {
            "country": _(
                "Two-letter country code, e.g. ES: shown only to readers in that country. Leave empty "
                "to show it in every country, as for the hospital's own services."
            ),
            "active": _(
                "Untick to hide it from staff: only the office then sees it, under “Hidden from staff”."
            ),
        }


class ThanksForm(NoSilentCut, PlainForm):
    # One menu for both (colleagues and teams in groups), so one empty first choice: with a name
    # preselected, a keyboard user who tabbed past the menu thanked the first colleague listed.
    recipient = forms.ChoiceField(
        label=_("Whom do you want to thank?"),
        error_messages={"required": _("Choose the colleague or team you want to thank.")},
    )
    text = forms.CharField(
        label=_("In a few words"),
        # The service's limits, here too, so a refusal is said at the box (and the hint gives the
        # minimum): "needs at least 3 characters" came above the form, with focus left at the top.
        min_length=3,
        max_length=280,  # NoSilentCut says the limit under the label
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    form_key = FormKeyField()  # as the story form's: a refresh or a double tap stores nothing twice

    def __init__(self, *args, people=(), teams=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_key", formkeys.new_key())
        groups = [
            (_("Colleagues"), [(f"p{p.pk}", str(p)) for p in people]),
            (_("Teams"), picker_choices(teams, prefix="t")),
        ]
        # No empty group heading; with both empty the page says why instead of an empty menu.
        offered = [(label, options) for label, options in groups if options]
        self.fields["recipient"].choices = (
            [("", _("Choose a colleague or a team")), *offered] if offered else []
        )


class GatheringForm(NoSilentCut, PlainForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("What happens"), max_length=4000, widget=forms.Textarea)
    scope = forms.ChoiceField(label=_("Who is invited"), choices=[], error_messages=UNIT_CHOICE_ERRORS)
    location = forms.CharField(label=_("Where"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000)
    form_key = FormKeyField()  # sent twice (a double tap, Back and publish again), published once

    def __init__(self, *args, units=(), **kwargs) -> None:
        from upstream.community.models import Gathering

        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_key", formkeys.new_key())
        self.fields["kind"].choices = Gathering.Kind.choices
        self.units = {str(u.pk): u for u in units}
        self.fields["scope"].choices = picker_choices(units)


class PeerRequestForm(NoSilentCut, PlainForm):
    contact = forms.CharField(
        label=_("How should a supporter reach you?"),
        help_text=_("A phone number, a personal email, or your pager. Only your supporter sees it."),
        max_length=200,
    )
    when = forms.CharField(label=_("Good times to reach you (optional)"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Anything they should know first (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    form_key = FormKeyField()  # as the story form's: a double tap or a refresh stores nothing twice

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_key", formkeys.new_key())


class SupporterListingForm(NoSilentCut, PlainForm):
    """The office lists a trained supporter. A form, not raw POST reads: a NUL in the username
    reached the database (PostgreSQL refuses it: a server error) and a refused `about` was a 500
    that lost what was typed."""

    # A name or email as the deputies form takes (org.services.find_person): usernames are shown
    # nowhere the office looks, and "STAFF" or an email address was "No account" (a new-user walk).
    username = forms.CharField(label=_("List a trained supporter (name, username or email)"), max_length=254)
    about = forms.CharField(
        label=_("About them (shown to nobody but the office for now)"), max_length=300, required=False
    )


class MeetingForm(NoSilentCut, PlainForm):
    """A mentoring pair records a meeting. A refusal is shown at its box on the page, with the note
    as typed: it was a flash message after a redirect that lost the note."""

    on = forms.DateField(
        label=_("We met on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Give the date of the meeting."),
            "invalid": _("Give the date of the meeting."),
        },
    )
    note = forms.CharField(label=_("Note (only the two of you see it)"), max_length=500, required=False)


class ShareDecisionForm(NoSilentCut, PlainForm):
    """A leader shares a redacted copy of an offered concern or says why not. Whether the reason is
    needed depends on the button, so the service checks both boxes; a refusal shows at its box with
    both texts kept (it was a flash message after a redirect that lost them)."""

    text = forms.CharField(label=_("Redacted copy staff will see"), required=False, widget=forms.Textarea)
    # A box, not a line: Enter in a one-line field sends the form with its first button, "Share the
    # redacted copy", so a leader typing why not shared the concern unredacted (a new-user walk).
    reason = forms.CharField(
        label=_("Or: why it should not be shared (shown to the reporter)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerationForm(NoSilentCut, PlainForm):
    """The office shares a story or declines it with a note; a refused note is kept in its box."""

    # A box, not a line: Enter in a one-line field sent the form with "Share it", its first button,
    # and shared the story the office was writing a refusal for (a new-user walk).
    note = forms.CharField(
        label=_("Note to the writer (why not, if you decline)"),
        max_length=500,
        required=False,
        help_text=_("Shown only to the writer of a signed story, beside it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CampaignForm(NoSilentCut, PlainForm):
    title = forms.CharField(label=_("Name of the campaign"), max_length=200)
    kind = forms.ChoiceField(label=_("What kind of cause"), choices=[])
    statement = forms.CharField(label=_("The problem, as you see it"), max_length=4000, widget=forms.Textarea)
    ask = forms.CharField(
        # 4,000, as the formal ask it starts (the two boxes said 2,000 and 4,000 for one ask).
        label=_("What you ask for"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    scope = forms.ChoiceField(label=_("Who can join"), choices=[], error_messages=UNIT_CHOICE_ERRORS)
    form_key = FormKeyField()  # as the thanks form's: a double tap or Back and send again starts one

    def __init__(self, *args, units=(), **kwargs) -> None:
        from upstream.community.models import Campaign

        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_key", formkeys.new_key())
        self.fields["kind"].choices = Campaign.Kind.choices
        self.units = {str(u.pk): u for u in units}
        self.fields["scope"].choices = picker_choices(units)


class CampaignUpdateForm(NoSilentCut, PlainForm):
    """A member's update on a campaign's page; a refused one is kept in its box (it was lost in a
    redirect)."""

    text = forms.CharField(
        label=_("Post an update for members"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FormalAskForm(NoSilentCut, PlainForm):
    """A campaign's formal ask to leadership; a refused one is kept in its box (it was lost in a
    redirect)."""

    text = forms.CharField(
        label=_("The ask, as leadership will read it"), max_length=4000, widget=forms.Textarea
    )


class CampaignMeetingForm(NoSilentCut, PlainForm):
    """A members' meeting on a campaign's page; a refused one is kept in its boxes."""

    starts_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={
            "required": _("Give the meeting's date and time."),
            "invalid": _("Give the meeting's date and time."),
        },
    )
    location = forms.CharField(label=_("Where"), max_length=200)
    agenda = forms.CharField(label=_("Agenda"), max_length=2000, required=False)


class AskAnswerForm(NoSilentCut, PlainForm):
    """A leader's answer to a campaign's formal ask; a refused one is kept in its box.

    The decision starts empty and must be chosen: preset to "Accepted", an answer sent without
    touching it told every member "Answer: Accepted" whatever the text said."""

    answer = forms.CharField(label=_("Your answer to the members"), max_length=4000, widget=forms.Textarea)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[],
        error_messages={
            "required": _("Choose the decision members will read with your answer."),
            "invalid_choice": _("Choose the decision members will read with your answer."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        from upstream.community.models import FormalAsk

        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [("", _("Choose…")), *FormalAsk.Decision.choices]


class MentorProfileForm(NoSilentCut, PlainForm):
    wants = forms.ChoiceField(label=_("I would like"), choices=[])
    career_stage = forms.ChoiceField(label=_("Career stage"), choices=[])
    interests = forms.CharField(
        label=_("Interests"),
        max_length=600,
        help_text=_("Separate with commas: e.g. night shifts, research, parenting"),
    )
    availability = forms.CharField(label=_("Availability"), max_length=200, required=False)

    def __init__(self, *args, **kwargs) -> None:
        from upstream.community.models import CareerStage, MentorProfile

        super().__init__(*args, **kwargs)
        self.fields["wants"].choices = MentorProfile.Wants.choices
        self.fields["career_stage"].choices = CareerStage.choices


class StoryForm(NoSilentCut, PlainForm):
    # The service's minimums (stories.submit), so a refusal is said at its box, not above the form.
    title = forms.CharField(label=_("Title"), min_length=3, max_length=200)
    text = forms.CharField(label=_("Your story"), min_length=20, max_length=8000, widget=forms.Textarea)
    unit = forms.ChoiceField(label=_("For"), choices=[], error_messages=UNIT_CHOICE_ERRORS)
    gathering = forms.ChoiceField(label=_("For a story session (optional)"), choices=[], required=False)
    anonymous = forms.BooleanField(label=_("Share without my name"), required=False)
    form_key = FormKeyField()  # as the concern form's: a refresh or a double tap stores nothing twice

    def __init__(self, *args, units=(), sessions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_key", formkeys.new_key())
        self.units = {str(u.pk): u for u in units}
        self.sessions = {str(g.pk): g for g in sessions}
        self.fields["unit"].choices = picker_choices(units)
        self.fields["gathering"].choices = [("", "—")] + [(str(g.pk), g.title) for g in sessions]
