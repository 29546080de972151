"""The resources directory: search, crisis lines by country, and the anonymous use counter."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from upstream.community.models import Category, Resource, ResourceUse
from upstream.community.services.common import CommunityError, clean_text, setting_str
from upstream.concerns.services import spend_form_key
from upstream.lib.countries import is_country
from upstream.lib.patterns import described

DEFAULT_COUNTRY = "US"
# `language=EVERY_LANGUAGE` lists resources in every language (the office, to edit them).
EVERY_LANGUAGE = "all"


def default_country() -> str:
    return setting_str("UPSTREAM_COUNTRY", DEFAULT_COUNTRY).upper()


# `country=EVERY_COUNTRY` lists resources of every country (the office: a resource saved for another
# country than the site's is listed nowhere else, so the office could not find it again to edit it).
EVERY_COUNTRY = "all"


def country_problem(country: str) -> str:
    """Why `country` cannot be a resource's country, or "" (blank is everywhere). "ZZ" and "12"
    were saved, and a resource for a country no reader is in is shown to nobody."""
    if not country or is_country(country):
        return ""
    return _(
        "%(value)s is not a country code. Use the two letters ISO 3166 gives a country, such as US, "
        "GB or ES, or leave it blank to show the resource everywhere."
    ) % {"value": country[:8]}


def reader_language() -> str:
    """The language the page or the API answer is in: "es", "en"."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


# Said at the phone and text fields (form, API, service): a tap link dials only the digits, so a
# number written with letters ("1-800-FLOWERS") would dial something other than what is shown.
DIGITS_ONLY = gettext_lazy(
    "Write the number with digits only (spaces, dashes, brackets, a leading + are fine): "
    "a number with letters dials something else on a phone."
)


# A number a tap link dials: ASCII digits (another script's digits the link would drop), at least one,
# with spaces, dashes, dots, brackets, slashes and a leading +, and the dialling marks * # , ; . The
# spaces and dashes a number pasted from a web page carries (no-break spaces, Unicode hyphens and
# dashes, the minus sign) are accepted too; the tap link keeps only digits, + * #. No letter:
# "1-800-HELP" dials something else. The API states it as its fields' pattern.
_DIAL_MARKS = r"-0-9 ()./*#,;\u00a0\u202f\u2010-\u2015\u2212"
DIALABLE = described(rf"^ *([+]?[{_DIAL_MARKS}]*[0-9][{_DIAL_MARKS}]*)? *$", DIGITS_ONLY)


def dialable_problem(number: str) -> str:
    """Why a phone or text number cannot be a tap link, or "" when it can (or is empty)."""
    if not re.fullmatch(DIALABLE, number.strip()):
        return str(DIGITS_ONLY)
    return ""


# British and US spellings a search treats as one word: (British, US) parts of a word. A word
# typed with one finds entries written with the other (counselling, counseling).
SPELLINGS = (
    ("counsell", "counsel"),
    ("behaviour", "behavior"),
    ("colour", "color"),
    ("favour", "favor"),
    ("honour", "honor"),
    ("labour", "labor"),
    ("neighbour", "neighbor"),
    ("centre", "center"),
    ("travell", "travel"),
    ("cancell", "cancel"),
    ("programme", "program"),
    ("paediatric", "pediatric"),
    ("anaesthe", "anesthe"),
    ("haemat", "hemat"),
    ("orthopaed", "orthoped"),
    ("organis", "organiz"),
)


def spellings(word: str) -> set[str]:
    """The word as typed and its other spelling(s): "counseling" -> {"counseling", "counselling"}."""
    word = word.lower()
    found = {word}
    for british, us in SPELLINGS:
        if british in word:
            found.add(word.replace(british, us))
        elif us in word:
            found.add(word.replace(us, british))
    return found


def _in_language(rows: QuerySet[Resource], language: str | None) -> QuerySet[Resource]:
    """Resources for every reader, and those written for readers of `language` (default: the
    reader's); EVERY_LANGUAGE keeps them all."""
    if language == EVERY_LANGUAGE:
        return rows
    return rows.filter(Q(language="") | Q(language=language or reader_language()))


def search_resources(
    query: str = "",
    *,
    category: str = "",
    country: str | None = None,
    language: str | None = None,
    hidden: bool = False,
) -> QuerySet[Resource]:
    """Active resources matching the words typed (name, description, search words), for a country,
    in the reader's language (see _in_language); a British or US spelling finds both (`spellings`).
    `hidden` adds the ones the office made inactive: for the office only, never for staff."""
    rows = _in_language(Resource.objects.all() if hidden else Resource.objects.filter(active=True), language)
    if country != EVERY_COUNTRY:
        country = (country or default_country()).upper()
        rows = rows.filter(Q(country="") | Q(country=country))
    if category:
        if category not in Category.values:
            raise CommunityError(_("Unknown category %(value)r.") % {"value": category})
        rows = rows.filter(category=category)
    for word in clean_text(query, field="Search", minimum=0, maximum=200).split()[:8]:
        matches = Q()
        for spelling in spellings(word):
            matches |= Q(name__icontains=spelling) | Q(description__icontains=spelling)
            matches |= Q(keywords__icontains=spelling)
        rows = rows.filter(matches)
    return rows


def crisis_resources(country: str | None = None) -> list[Resource]:
    """What to show wherever distress is expressed: crisis lines for the country, then internal help.

    Falls back to UPSTREAM_CRISIS_RESOURCES (unsaved Resource objects) while the office has curated
    nothing, so the safety net is never empty.
    """
    country = (country or default_country()).upper()
    marked = Resource.objects.filter(active=True, show_in_distress=True).filter(
        Q(country="") | Q(country=country)
    )
    rows = list(_in_language(marked, None))
    if not any(r.category == Category.CRISIS for r in rows):
        # No crisis line in the reader's language: one in another language beats none.
        rows = list(marked)
    # Crisis lines first, then everything else the office marked for distress.
    rows.sort(key=lambda r: (r.category != Category.CRISIS, r.order, r.name))
    if rows:
        return rows
    return [
        # The settings hold lazily translated text: render it in the request's language now.
        Resource(name=str(name), description=str(how), category=Category.CRISIS, show_in_distress=True)
        for name, how in settings.UPSTREAM_CRISIS_RESOURCES
    ]


# How many lines the quiet help line names; the rest are one link away.
HELP_LINE_SIZE = 2


@dataclass(frozen=True)
class HelpLine:
    """The quiet help line under every message a writer sends: the first lines and the full page."""

    lines: list[Resource]
    path: str


def help_line(country: str | None = None) -> HelpLine:
    """What the page shows under a writer's message, and the API returns with it: the same for
    every writer (nothing about them is read), so showing it records nothing."""
    return HelpLine(lines=crisis_resources(country)[:HELP_LINE_SIZE], path=reverse("community:resources"))


def crisis_lines(country: str | None = None) -> list[str]:
    """`crisis_resources` as plain lines for the JSON API: name, what it is, how to reach it."""
    return [resource_line(resource) for resource in crisis_resources(country)]


def resource_line(resource: Resource) -> str:
    """A resource on one line of plain text: name, what it is, how to reach it."""
    ways = [_("call %(number)s") % {"number": resource.phone}] if resource.phone else []
    if resource.sms_number:
        word = resource.sms_body
        ways.append(
            _("text %(word)s to %(number)s") % {"word": word, "number": resource.sms_number}
            if word
            else _("text %(number)s") % {"number": resource.sms_number}
        )
    how = f" ({', '.join(ways)})" if ways else ""
    return f"{resource.name}: {resource.description}{how}"


def curated_crisis_lines(country: str | None = None) -> list[str]:
    """The crisis lines the office listed in the directory for `country` (the site's by default),
    as plain lines; none when it listed none (not the settings' fallback, which names US lines)."""
    return [
        resource_line(resource)
        for resource in crisis_resources(country)
        if resource.pk is not None and resource.category == Category.CRISIS
    ]


# The resource's field behind each kind of tap on its page.
LINK_OF_USE = {
    ResourceUse.Kind.CALL: "phone",
    ResourceUse.Kind.TEXT: "sms_number",
    ResourceUse.Kind.OPEN: "url",
}


def recent_use_days(now: dt.datetime) -> Q:
    """The counters a release writes again (intake.registry.refresh_at_release): today's and
    yesterday's, the days a tap since the last release can have counted on."""
    return Q(day__gte=timezone.localdate(now) - dt.timedelta(days=1))


def count_use(resource: Resource, kind: str, *, now: dt.datetime | None = None) -> None:
    """Add one to today's counter for the resource: no person, no time finer than the day.

    One upsert: a concurrent first use of the day adds to the row the other created, where an
    insert refused by the unique key would leave a failed statement, timed to the millisecond, in
    the database server's log (anonymity.md M30, M31).
    """
    if kind not in ResourceUse.Kind.values:
        raise CommunityError(_("Unknown use %(value)r.") % {"value": kind})
    if not getattr(resource, LINK_OF_USE[kind]):
        # Only a link the page shows can be tapped: a count of calls to a line with no number
        # would stand in the office's figures for uses that never happened.
        raise CommunityError(_("This resource has no link for that use."))
    day = timezone.localdate(now or timezone.now())
    quote = connection.ops.quote_name
    table = quote(ResourceUse._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (resource_id, day, kind, count) VALUES (%s, %s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (resource_id, day, kind) DO UPDATE SET count = {table}.count + 1",
            [resource.pk, connection.ops.adapt_datefield_value(day), kind],
        )


def use_totals(since: dt.date, until: dt.date) -> dict[int, dict[str, int]]:
    """Uses per resource and kind over a period, for the office."""
    totals: dict[int, dict[str, int]] = {}
    rows = (
        ResourceUse.objects.filter(day__gte=since, day__lte=until)
        .values("resource_id", "kind")
        .annotate(total=Sum("count"))
    )
    for row in rows:
        totals.setdefault(row["resource_id"], {})[row["kind"]] = row["total"]
    return totals


# Fields shown on one line (in every help line a reporter sees): line breaks the API let in stood
# as empty lines under a crisis line's name (API fuzzing). Runs of spaces and breaks become one space.
ONE_LINE = ("name", "hours", "keywords", "sms_body")


def _site_named(url: str) -> bool:
    """Whether `url` names a site: an IP address, or names of letters, digits and hyphens between
    dots (an intranet's one-word host included). "https://ĄêĚ🏻" opened nothing anywhere."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    if not host:
        return False
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        labels = host.removesuffix(".").split(".")
        return all(label and all(c.isalnum() or c == "-" for c in label) for label in labels)


def _label(field: str) -> str:
    """The field's name as the form shows it, for a refusal ("Description: please write at least...")."""
    return capfirst(Resource._meta.get_field(field).verbose_name)


def _reached_in_distress(resource: Resource) -> bool:
    """Shown to people in crisis: the crisis box takes active crisis lines and whatever is marked to
    show wherever distress is expressed."""
    return resource.active and (resource.category == Category.CRISIS or resource.show_in_distress)


def save_resource(data: dict, *, resource: Resource | None = None, form_key: str | None = None) -> Resource:
    """Create or change a resource (the office). Data keys are Resource field names. `form_key`, the
    new-resource page's one-time key, is spent with the new resource: sent again, AlreadySent."""
    resource = resource or Resource()
    text_fields = {"name": 200, "description": 2000, "hours": 120, "keywords": 300, "sms_body": 40}
    for field, limit in text_fields.items():
        if field in data:
            minimum = 2 if field in ("name", "description") else 0
            text = clean_text(data[field], field=_label(field), minimum=minimum, maximum=limit, name=field)
            if field in ONE_LINE:
                text = " ".join(text.split())
            setattr(resource, field, text)
    for field in ("phone", "sms_number", "url"):
        if field in data:
            text = clean_text(data[field] or "", field=_label(field), minimum=0, maximum=200, name=field)
            setattr(resource, field, text)
    for field in ("phone", "sms_number"):
        if field in data and (problem := dialable_problem(getattr(resource, field))):
            raise CommunityError(problem, field=field)
    if resource.url and not resource.url.startswith(("https://", "http://")):
        raise CommunityError(_("A web address starts with https://."), field="url")
    if resource.url and not _site_named(resource.url):
        raise CommunityError(
            _("Write the web address with the site's name after https://, such as https://988lifeline.org."),
            field="url",
        )
    if "category" in data:
        if data["category"] not in Category.values:
            raise CommunityError(_("Unknown category %(value)r.") % {"value": data["category"]})
        resource.category = data["category"]
    if "language" in data:
        language = data["language"] or ""
        if language and language not in dict(settings.LANGUAGES):
            raise CommunityError(_("Unknown language %(value)r.") % {"value": language})
        resource.language = language
    if "country" in data:
        country = (data["country"] or "").upper()
        if problem := country_problem(country):
            raise CommunityError(problem)
        resource.country = country
    for field in ("show_in_distress", "active"):
        if field in data:
            setattr(resource, field, bool(data[field]))
    if "order" in data:
        resource.order = int(data["order"])
    if not resource.name or not resource.description or not resource.category:
        raise CommunityError(_("A resource needs a name, a category and a description."))
    if _reached_in_distress(resource) and not (resource.phone or resource.sms_number or resource.url):
        # It would stand in the crisis box, shown to a writer whose words were flagged, with nothing
        # to tap (a new-user walk saved one so, on the page and through the API).
        raise CommunityError(
            _(
                "A crisis line, or anything shown wherever distress is expressed, needs a way to reach it: "
                "a phone to call, a number to text or a web address."
            ),
            field="phone",
        )
    with transaction.atomic():
        spend_form_key(form_key)
        resource.save()
    return resource
