# No `from __future__ import annotations`: ninja reads the hints through the @rules wrapper.
from typing import Annotated, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router
from pydantic import AfterValidator, Field, StrictBool
from pydantic_core import PydanticCustomError

from upstream.api.auth import BearerToken, signed_in
from upstream.api.schemas import AlreadySentOut, HelpLineEntryOut, HelpLineOut, idempotency_key
from upstream.community.access import NotFound, is_office, office_only
from upstream.community.api.common import Error, RowId, Strict, rules
from upstream.community.models import Category, Resource, ResourceUse
from upstream.community.services import resources as service
from upstream.community.services.common import CommunityError
from upstream.intake import formkeys
from upstream.lib.patterns import described
from upstream.lib.site_url import site_url
from upstream.lib.text import PLAIN_TEXT_PATTERN

router = Router()

# Literals, so the validator refuses another value at its field (400 with `errors`) as the schema
# lists them; built from the models' choices, so the two cannot drift apart.
CategoryName = Literal[tuple(Category.values)]  # type: ignore[valid-type]
UseKind = Literal[tuple(ResourceUse.Kind.values)]  # type: ignore[valid-type]


class ResourceOut(Strict):
    id: int | None
    name: str
    category: CategoryName
    description: str
    language: str = Field(description="The language the text is written for, or empty for every reader.")
    country: str
    phone: str
    sms_number: str
    sms_body: str
    url: str
    hours: str
    tel: str = Field(description="A tap-to-call link (tel:), or empty.")
    sms: str = Field(description="A tap-to-text link (sms:), or empty.")
    show_in_distress: bool
    keywords: str
    active: bool = Field(description="False: hidden from staff; only the office lists it (`?hidden=true`).")
    order: int = Field(description="Lower numbers are listed first.")


# A resource's web address, as save_resource checks it (after trimming), with no space or control
# character in it (save_resource refuses those too).
WEB_ADDRESS = described(
    r"^(https?://[^\s\x00-\x1f\x7f-\x9f]*)?$", gettext_lazy("A web address starts with https://.")
)


# A country as ISO 3166 writes it (save_resource upper-cases it), or empty for everywhere.
COUNTRY_CODE = described(
    r"^([A-Za-z]{2})?$", gettext_lazy("Country is a two-letter code such as US, or blank for everywhere.")
)
COUNTRY_OR_ALL = described(
    r"^(all|[A-Za-z]{2})?$",
    gettext_lazy("Use a two-letter country code, like US or GB, or all, or leave it out."),
)


def _assigned_country(value: str) -> str:
    """A code no country has ("ZZ") was saved, and the resource was then shown to nobody."""
    if problem := service.country_problem(value.upper()):
        raise ValueError(problem)  # "value_error": answered in these words (api.errors._own_words)
    return value


def _language_code(value: str) -> str:
    """One of the site's languages, or empty: refused at the field as a Literal refuses (the enum
    beside it was only documented). Read when a request comes, not at import, as settings are."""
    codes = ["", *dict(settings.LANGUAGES)]
    if value not in codes:
        expected = ", ".join(repr(code) for code in codes)
        raise PydanticCustomError("enum", "Input should be {expected}", {"expected": expected})
    return value


LanguageCode = Annotated[str, AfterValidator(_language_code)]


def _dialable(value: str) -> str:
    """Digits, spaces, dashes, brackets, a leading +: refused at its field when it has a letter or
    no digit, as the page's form refuses it (the tap link would dial something else)."""
    if problem := service.dialable_problem(value):
        raise ValueError(problem)  # "value_error": answered in these words (api.errors._own_words)
    return value


DialableNumber = Annotated[
    str,
    Field(
        max_length=40,
        pattern=service.DIALABLE,
        description="Digits (at least one), spaces, dashes, dots, brackets, slashes, a leading +, and "
        "* # , ; ; no letters.",
    ),
    AfterValidator(_dialable),
]


class ResourceIn(Strict):
    name: str = Field(min_length=2, max_length=200)
    category: CategoryName
    description: str = Field(min_length=2, max_length=2000)
    language: LanguageCode = Field(
        "",
        json_schema_extra={"enum": ["", *dict(settings.LANGUAGES)]},
        description="Show it only to readers of this language; empty for every reader.",
    )
    country: Annotated[str, AfterValidator(_assigned_country)] = Field(
        "",
        max_length=2,
        pattern=COUNTRY_CODE,
        description="An assigned ISO 3166-1 code (US, GB, ES; either case), or empty for everywhere. "
        "A resource for another country than the site's (UPSTREAM_COUNTRY) is listed only for that "
        "country's readers.",
    )
    phone: DialableNumber = ""
    sms_number: DialableNumber = ""
    sms_body: str = Field("", max_length=40)
    url: str = Field("", max_length=200, pattern=WEB_ADDRESS, description="http:// or https://, or empty.")
    hours: str = Field("", max_length=120)
    keywords: str = Field("", max_length=300)
    show_in_distress: StrictBool = False
    active: StrictBool = True
    order: int = Field(100, ge=0, le=32767)


def _country_code(value: str) -> str:
    # Also keeps a NUL byte out of the query, which PostgreSQL refuses with a server error.
    if value and not (len(value) == 2 and value.isascii() and value.isalpha()):
        raise ValueError(_("Use a two-letter country code, like US or GB, or leave it out."))
    return value


def _country_or_all(value: str) -> str:
    if value == service.EVERY_COUNTRY:
        return value
    if value and not (len(value) == 2 and value.isascii() and value.isalpha()):
        raise ValueError(_("Use a two-letter country code, like US or GB, or all, or leave it out."))
    return value


Country = Annotated[
    str,
    AfterValidator(_country_code),
    Field(
        description="ISO 3166 two-letter code; the default country when left out.",
        json_schema_extra={"pattern": "^([A-Za-z]{2})?$"},
    ),
]
CountryOrAll = Annotated[
    str,
    AfterValidator(_country_or_all),
    Field(
        description="ISO 3166 two-letter code, or `all`; the default country when left out.",
        json_schema_extra={"pattern": COUNTRY_OR_ALL},
    ),
]


SearchWords = Annotated[
    str, Field(max_length=200, pattern=PLAIN_TEXT_PATTERN, description="Words to look for.")
]


class UseIn(Strict):
    kind: UseKind = Field(description="call, text or open")


def out(resource: Resource) -> ResourceOut:
    return ResourceOut(
        id=resource.pk,
        name=resource.name,
        category=resource.category,
        description=resource.description,
        language=resource.language,
        country=resource.country,
        phone=resource.phone,
        sms_number=resource.sms_number,
        sms_body=resource.sms_body,
        url=resource.url,
        hours=resource.hours,
        tel=resource.tel_href,
        sms=resource.sms_href,
        show_in_distress=resource.show_in_distress,
        keywords=resource.keywords,
        active=resource.active,
        order=resource.order,
    )


def help_line_out() -> HelpLineOut:
    """The page's quiet help line for an API answer to a writer: the same lines and the full page,
    on the configured site address (not the request's host)."""
    shown = service.help_line()
    return HelpLineOut(
        lines=[
            HelpLineEntryOut(name=r.name, description=r.description, phone=r.phone, tel=r.tel_href)
            for r in shown.lines
        ],
        url=site_url(shown.path),
    )


@router.get(
    "",
    # 401 and 403 only with hidden=true and an Authorization header (the office asking for hidden ones).
    response={200: list[ResourceOut], 400: Error, 401: Error, 403: Error},
    auth=None,
    summary="Search the directory",
)
@rules
def search(
    request: HttpRequest,
    # Query(...) as the default: ninja documents a query parameter's description only from there.
    q: SearchWords = Query(  # noqa: B008 - ninja's parameter spec
        "",
        description="Words to look for, each in the name, description or search words (up to 8; a "
        "British or US spelling finds both). Empty (default): every resource.",
    ),
    # Literal, not a string with an enum written beside it: the enum was only documented, and
    # `language=es` (or any word) was answered as though it were a filter.
    category: Literal[("", *Category.values)] = Query(  # type: ignore[valid-type]  # noqa: B008 - as above
        "",
        description="Only this category: crisis, peer_support, employee_assistance, counselling, "
        "dependent_care, financial or other. Empty (default): every category.",
    ),
    country: CountryOrAll = Query(  # noqa: B008 - as above
        "",
        description="ISO 3166 two-letter code such as US or GB: resources of that country and of "
        "everywhere; `all`: every country's (the office, to edit them). Empty (default): the site's "
        "country (UPSTREAM_COUNTRY, US unless set).",
    ),
    language: Literal["", "all"] = Query(  # noqa: B008 - as above
        "",
        description="Empty (default): resources for every reader and for the request's language "
        "(Accept-Language), as the page lists them; `all`: every language, to edit them.",
    ),
    hidden: bool = Query(
        False,
        description="true: the office also gets the resources it hid from staff (`active` false); "
        "ignored for anyone else, who never sees them. Default false.",
    ),
) -> list[ResourceOut]:
    """Open to all, no sign-in: the directory as staff see it, active resources only, by `order` then
    name; not paged. The well-being office (signed in, or with a token of scope read) adds
    `hidden=true` to get the resources it hid from staff as well; anyone else gets the same list with
    it or without. Only with `hidden=true` is an `Authorization` header read: a token that is unknown,
    revoked or expired gets 401, one without the read scope 403."""
    if hidden and request.headers.get("Authorization"):
        # Open to all (auth=None), so an office token is read only when it asks for the hidden ones.
        BearerToken()(request)
    rows = service.search_resources(
        q,
        category=category,
        country=country or None,
        language=language or None,
        hidden=hidden and is_office(request.user),
    )
    return [out(r) for r in rows]


@router.get("/crisis", response=list[ResourceOut], auth=None, summary="Crisis resources for a country")
def crisis(
    request: HttpRequest,
    country: Country = Query(  # noqa: B008 - ninja's parameter spec
        "",
        description="ISO 3166 two-letter code such as US or GB: the crisis lines and other resources "
        "marked for distress of that country and of everywhere, crisis lines first. Empty (default): "
        "the site's country (UPSTREAM_COUNTRY, US unless set).",
    ),
) -> list[ResourceOut]:
    """Open to all, no sign-in: what to show wherever distress is expressed. The active resources the
    office marked for distress, of the country and of everywhere, crisis lines first, then by `order`
    and name; those for every reader and for the request's language (`Accept-Language`), or of every
    language when none of those is a crisis line. While none is marked for the country, the built-in
    lines of UPSTREAM_CRISIS_RESOURCES, with `id` null. Not paged; 400 only for a `country` that is
    not two letters."""
    return [out(r) for r in service.crisis_resources(country or None)]


@router.post(
    "/{resource_id}/uses",
    response={204: None, 400: Error, 404: Error},
    auth=None,
    summary="Count a tap on a call, text or web link (no person is recorded)",
)
@rules
def count_use(request: HttpRequest, resource_id: RowId, payload: UseIn) -> tuple[int, None]:
    """Open to all, no sign-in, and records nobody: it adds one to the resource's count for today and
    this `kind`, with no person and no time finer than the day. 204, with no body. 400: a `kind` the
    resource has no link for (`call` without a phone number, `text` without a text number, `open`
    without a web address). 404: no such resource, or one the office hid from staff."""
    if payload.kind not in ResourceUse.Kind.values:
        raise CommunityError(_("kind is one of: call, text, open."))
    resource = Resource.objects.filter(pk=resource_id, active=True).first()
    if resource is None:  # the API's sentence, not Django's bare "Not Found"
        raise NotFound()
    service.count_use(resource, payload.kind)
    return 204, None


IDEMPOTENCY_HELP = (
    "Optional. A value you choose per resource (e.g. a UUID): a repeat with the same key, after a "
    "timeout or retry, is refused with 409 and never adds a second resource. Kept only as a keyed "
    "hash, for a few days."
)


@router.post(
    "",
    response={201: ResourceOut, 400: Error, 404: Error, 409: AlreadySentOut},
    auth=signed_in,
    summary="Add a resource (well-being office)",
)
@rules
def create(
    request: HttpRequest,
    payload: ResourceIn,
    idempotency_key: str | None = idempotency_key(IDEMPOTENCY_HELP),
) -> tuple[int, ResourceOut]:
    """The well-being office only, scope write: adds the resource and answers it (201); sent twice
    without an `Idempotency-Key`, it adds two. 400: a field that breaks its rule, such as a phone or
    text number with a letter or no digit, or a web address that does not start with http:// or
    https://. 404: you are not in the well-being office. 409: the `Idempotency-Key` was already used
    by you; nothing is added twice."""
    if not is_office(request.user):
        raise office_only()
    form_key = formkeys.for_account(request.user.pk, "resource", idempotency_key)
    return 201, out(service.save_resource(payload.dict(), form_key=form_key))


@router.put(
    "/{resource_id}",
    response={200: ResourceOut, 400: Error, 404: Error},
    auth=signed_in,
    summary="Change a resource (well-being office)",
)
@rules
def update(request: HttpRequest, resource_id: RowId, payload: ResourceIn) -> ResourceOut:
    """The well-being office only, scope write. The fields the body gives are replaced; a field left
    out keeps its value (`name`, `category` and `description` are always given). Until 2026-12-07 a
    field left out took its default, so a changed description wiped the phone number and showed a
    hidden resource again. 400: as for adding one. 404: you are not in the well-being office, or no
    such resource."""
    if not is_office(request.user):
        raise office_only()
    resource = Resource.objects.filter(pk=resource_id).first()
    if resource is None:
        raise NotFound()
    return out(service.save_resource(payload.dict(exclude_unset=True), resource=resource))
