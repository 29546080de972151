"""Emails to other people are in the site's language, not in the language of whoever acted.

The server keeps no one's language (docs/languages.md), so a story's writer was told of a
moderation in the moderator's page language, and staff heard a gathering was called off in the
organiser's. Emails a person asks for themselves (a password reset) keep their page's language
(upstream/org/tests/test_password_reset.py).
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from upstream.community.services import gatherings, stories
from upstream.community.tests.factories import make_office, nurse, schwartz_round
from upstream.surveys.tests.helpers import office_of, open_wave

TEXT = "The night Mrs. K's daughter made it in time, and the whole unit held the door open for her."


def _in(language: str, words: str, **values: str) -> str:
    with translation.override(language):
        return _(words) % values


def test_a_writer_hears_of_a_spanish_reading_moderator_in_the_site_language(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    org.reporter.email = "reporter@example.org"
    org.reporter.save(update_fields=["email"])
    story = stories.share_story(org.reporter, title="Holding the door", text=TEXT, unit=org.ward_a).story
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        stories.moderate(make_office(org.chair), story.pk, approve=True)

    (sent,) = mailoutbox
    assert sent.subject == "Your story was shared: Holding the door"
    assert sent.subject != _in("es", "Your story was shared: %(title)s", title="Holding the door")


def test_a_spanish_site_calls_off_a_gathering_in_spanish_whoever_calls_it_off(
    org, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "es"
    gathering = schwartz_round(org, capacity=5)
    person = nurse(0)
    person.email = "nurse0@example.org"
    person.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        gatherings.sign_up(person, gathering)
    with translation.override("en"):
        gatherings.cancel_gathering(org.chair, gathering)

    called_off = [mail for mail in mailoutbox if "nurse0@example.org" in mail.to][-1]
    spanish = _in("es", "Called off: %(title)s", title="Schwartz Round")
    assert spanish != "Called off: Schwartz Round"  # the catalogue has it, or this proves nothing
    assert called_off.subject == spanish


def test_survey_invitations_are_in_the_site_language_not_the_office_s(
    org, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "es"
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        open_wave(org, office_of(org), units=[org.medicine])

    assert mailoutbox, "nobody was invited"
    spanish = _in("es", "Pulse survey: %(title)s", title="Autumn pulse")
    assert spanish != "Pulse survey: Autumn pulse"
    assert {mail.subject for mail in mailoutbox} == {spanish}
