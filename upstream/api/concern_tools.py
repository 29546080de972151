"""What a leader does on a concern's page beyond answering it: similar concerns, merging, themes.

Mounted beside the concerns router at /v1/concerns; the same access function (`concern_for_leader`,
404 for missing and not yours alike) and the same service functions as the page.
"""

from __future__ import annotations

from typing import Annotated

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from upstream.api.auth import signed_in
from upstream.api.errors import InvalidInput
from upstream.api.schemas import ConcernOut, Error, StrictIn, Uuid
from upstream.concerns import services
from upstream.concerns.access import concern_for_leader, similar_pool
from upstream.concerns.api import _concern_out, read_out
from upstream.concerns.models import ReadRecord
from upstream.lib.patterns import KEY
from upstream.themes.models import Theme
from upstream.themes.services import correct_themes, similar_concerns
from upstream.themes.wording import similarity_words

router = Router(tags=["concerns"], auth=signed_in)
themes_router = Router(tags=["themes"], auth=signed_in)
MAX_MERGE = 50
MAX_SECONDARY = 10


class SimilarOut(Schema):
    concern: ConcernOut
    similarity: float = Field(description="Cosine similarity of the two texts' embeddings, 0 to 1.")
    words: str = Field(description="The concern page's words for it: very similar (0.75 or more) or similar.")


class MergeIn(StrictIn):
    concern_ids: list[Uuid] = Field(
        min_length=1, max_length=MAX_MERGE, description="Concerns to fold into this one (1 to 50)."
    )


class MergeOut(Schema):
    merged: int = Field(
        description="How many were merged: every one in `concern_ids` (an id given twice counts once)."
    )
    concern: ConcernOut


# A theme key is a slug (Theme.key); which keys exist is data (GET /api/v1/themes), so an unknown
# one is a 404, not a schema error.
ThemeKey = Annotated[str, Field(min_length=1, max_length=64, pattern=KEY)]


class ThemesIn(StrictIn):
    primary: ThemeKey = Field(description="The main theme's key (see GET /api/v1/themes).")
    secondary: list[ThemeKey] = Field(
        [],
        max_length=MAX_SECONDARY,
        description="Other themes' keys, up to 10; a key given twice counts once, the primary's is left out.",
    )


class ThemeOut(Schema):
    key: str
    name: str
    description: str


@router.get(
    "/{concern_id}/similar",
    response={200: list[SimilarOut], 404: Error},
    summary="Open concerns in your units that say much the same, most similar first",
)
def similar(request: HttpRequest, concern_id: Uuid) -> list[SimilarOut]:
    """Up to 5 open concerns (new, acknowledged or in progress) in your units whose text means much
    the same, most similar first, with a similarity of 0.55 or more. They are looked for among the 400
    newest under the concern's parent unit that share its main theme (when it has one); none when its
    text has no embedding. Each one returned counts as a read of it in the audit log. 404 as for GET
    /api/v1/concerns/{concern_id}. Needs the `read` scope."""
    concern = concern_for_leader(request.user, concern_id)
    found = similar_concerns(concern, similar_pool(request.user, concern))
    others = [other for other, _score in found]
    prefetch_related_objects(others, "themes__theme")
    # Excerpts of other concerns are reads of them too (DESIGN.md rule 7), as on the page.
    services.record_reads(others, request.user, ReadRecord.Via.API)
    return [
        SimilarOut(concern=_concern_out(other), similarity=score, words=similarity_words(score))
        for other, score in found
    ]


@router.post(
    "/{concern_id}/merge",
    response={200: MergeOut, 400: Error, 404: Error, 409: Error},
    summary="Merge similar concerns into this one; every reporter then follows the shared thread",
    description="Nothing is merged when any of these is answered. 400 when `concern_ids` holds the concern "
    "in the path (a concern cannot be merged into itself; `errors` gives its place in the list). 404 when "
    "the concern in the path, or one in `concern_ids` (named in `detail`), is not in your units. 409 when "
    "one in `concern_ids` was already merged into another concern (`detail` names both by reference).",
)
def merge(request: HttpRequest, concern_id: Uuid, payload: MergeIn) -> MergeOut:
    concern = concern_for_leader(request.user, concern_id)
    try:
        chosen = services.concerns_to_merge(concern, payload.concern_ids, request.user)
    except services.MergeIntoItself as error:
        # Bad input, in the shape of every other 400: where in the list, and the sentence.
        where = ["body", "payload", "concern_ids", payload.concern_ids.index(concern.pk)]
        raise InvalidInput([{"loc": where, "msg": str(error), "type": "merge_into_itself"}]) from None
    count = services.merge_concerns(concern, chosen, request.user)
    concern.refresh_from_db()
    prefetch_related_objects([concern], "themes__theme")
    return MergeOut(merged=count, concern=read_out(request, concern))


@router.post(
    "/{concern_id}/themes",
    response={200: ConcernOut, 404: Error},
    summary="Correct the themes; the model learns from it at its next training run",
    description="404 when the concern is not in your units, or a key is not an active theme.",
)
def correct(request: HttpRequest, concern_id: Uuid, payload: ThemesIn) -> ConcernOut:
    concern = concern_for_leader(request.user, concern_id)
    active = set(Theme.objects.filter(active=True).values_list("key", flat=True))
    unknown = [key for key in [payload.primary, *payload.secondary] if key not in active]
    if unknown:
        raise services.MissingOrNotYours(
            _("Unknown theme %(key)r; see GET /api/v1/themes.") % {"key": unknown[0]}
        )
    correct_themes(concern, request.user, payload.primary, payload.secondary)
    concern.refresh_from_db()
    prefetch_related_objects([concern], "themes__theme")
    return read_out(request, concern)


@themes_router.get("", response={200: list[ThemeOut]}, summary="The themes a concern can be given")
def list_themes(request: HttpRequest) -> list[ThemeOut]:
    """The active themes, by name: the keys that `theme` in GET /api/v1/inbox and a correction of a
    concern's themes take. Any signed-in account; not paged. Needs the `read` scope."""
    return [
        ThemeOut(key=t.key, name=t.name, description=t.description)
        for t in Theme.objects.filter(active=True).order_by("name")
    ]
