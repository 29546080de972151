from __future__ import annotations

from django.utils import timezone

from upstream.actions.models import Action
from upstream.community.models import SharedConcern
from upstream.community.services import similar_shared
from upstream.concerns.models import Concern

FLOAT = (
    "From next month a float nurse covers breaks on every night shift, "
    "so nobody works twelve hours without one."
)
STAFFING = "Nights on 4 West run two nurses short; nobody gets a break and patients wait for pain relief."


def shared(org, text):
    now = timezone.now()
    concern = Concern.objects.create(
        text=text,
        unit=org.ward_a,
        received_on=now.date(),
        visible_from=now,
        ack_due_on=now.date(),
        retain_until=now.date(),
    )
    return SharedConcern.objects.create(
        concern=concern, scope=org.ward_a, offered_on=now.date(), text=text, status="published"
    )


def test_it_offers_similar_shared_concerns_and_actions_and_not_unrelated_ones(org, client):
    item = shared(org, STAFFING)
    shared(
        org, "The parking garage lights are broken and walking to the car after a late shift feels unsafe."
    )
    Action.objects.create(
        title="Night float nurse for 4 West",
        description=FLOAT,
        scope=org.ward_a,
        state="published",
        created_at=timezone.now(),
    )
    found = similar_shared("Too few nurses on nights, no breaks.", org.reporter)
    kinds = {(f.kind, f.id if f.kind == "shared" else f.title) for f in found}
    assert ("shared", str(item.pk)) in kinds
    assert ("action", "Night float nurse for 4 West") in kinds
    assert all("parking" not in f.text for f in found)
    assert similar_shared("too short", org.reporter) == []
    assert similar_shared(STAFFING, org.outsider) == []  # nothing in their units
    assert similar_shared("I am exhausted from charting after every shift.", org.reporter) == []
    client.force_login(org.reporter)
    page = client.post("/community/shared/similar", {"text": STAFFING}).content.decode()
    assert "Co-sign this instead" in page and "This is being worked on" in page
    api = client.post("/api/v1/community/shared/similar", {"text": STAFFING}, content_type="application/json")
    assert {row["kind"] for row in api.json()} == {"shared", "action"}


def test_a_second_check_embeds_only_the_draft_and_an_edited_action_afresh(org, monkeypatch):
    """Every check embedded every candidate again (up to 400 texts, seconds of CPU per keystroke
    pause on two cores); the candidates' vectors are now kept, and an edit changes the text kept."""
    from upstream.community.services import similar
    from upstream.themes.textmodel.embedders import get_embedder

    real = get_embedder()
    embedded: list[str] = []

    class Counting:
        def embed(self, texts):
            embedded.extend(texts)
            return real.embed(texts)

    counting = Counting()
    monkeypatch.setattr("upstream.themes.textmodel.embedders.get_embedder", lambda: counting)
    item = shared(org, STAFFING)
    action = Action.objects.create(
        title="Night float nurse for 4 West",
        description=FLOAT,
        scope=org.ward_a,
        state="published",
        created_at=timezone.now(),
    )
    draft = "Too few nurses on nights, no breaks."
    first = similar_shared(draft, org.reporter)
    assert len(embedded) == 3 and {f.id for f in first if f.kind == "shared"} == {str(item.pk)}
    embedded.clear()
    assert similar_shared(draft, org.reporter) == first
    assert embedded == [draft]
    embedded.clear()
    action.description = "From next month a float nurse covers breaks on nights."
    action.save()
    similar_shared(draft, org.reporter)
    assert embedded == [draft, "Night float nurse for 4 West. " + action.description]
    assert len(similar._vectors) <= similar.VECTORS_KEPT
