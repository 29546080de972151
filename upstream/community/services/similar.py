"""One voice instead of many lone ones: shared concerns and actions similar to a draft concern."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from upstream.community.access import is_office, scopes_seen_by
from upstream.community.models import SharedConcern
from upstream.community.services.cosigns import MIN_TEXT, visible_shared
from upstream.org.models import User

# Cosine similarity with the shipped MiniLM model. Read off project examples: paraphrases of the same
# problem score 0.50 to 0.71, unrelated concerns 0.16 to 0.36 (tests/test_similar.py). Lower than the
# themes app's merge threshold (0.55): offering a co-sign is cheap, merging is not.
SUGGEST_THRESHOLD = 0.45


# Candidates' vectors, kept per process: every check embedded up to 400 shared concerns and actions
# again (seconds of CPU per request on two cores, for each person typing). Keyed by the embedder and
# a hash of the text, so an edited action is embedded afresh. At most this many (384 floats each).
VECTORS_KEPT = 4000
_vectors: OrderedDict[tuple[int, bytes], object] = OrderedDict()
_vectors_lock = threading.Lock()


def _embedded(embedder, texts: list[str]) -> list:
    """The vectors of `texts`, embedding only those not kept from an earlier check."""
    keys = [(id(embedder), hashlib.sha256(t.encode()).digest()) for t in texts]
    with _vectors_lock:
        found = {key: _vectors[key] for key in keys if key in _vectors}
        for key in found:
            _vectors.move_to_end(key)
    missing = [(key, text) for key, text in zip(keys, texts, strict=True) if key not in found]
    if missing:
        fresh = embedder.embed([text for _, text in missing])
        with _vectors_lock:
            for (key, _), vector in zip(missing, fresh, strict=True):
                found[key] = _vectors[key] = vector
            while len(_vectors) > VECTORS_KEPT:
                _vectors.popitem(last=False)
    return [found[key] for key in keys]


@dataclass(frozen=True)
class Similar:
    kind: str  # "shared" (co-sign this instead) or "action" (this is being worked on)
    id: str
    title: str
    text: str
    score: float


def similar_shared(text: str, user: User | None = None, *, limit: int = 3) -> list[Similar]:
    """Shared concerns and published actions that mean much the same as `text`, most similar first.

    For the speak-up form: "co-sign this instead" / "this is being worked on". Uses the shipped text
    model; an unavailable model returns nothing rather than getting in the reporter's way.
    """
    import numpy as np

    from upstream.actions.models import Action

    cleaned = (text or "").strip()
    if len(cleaned) < MIN_TEXT:
        return []
    shared = list(
        visible_shared(user) if user is not None else SharedConcern.objects.filter(status="published")
    )
    actions = Action.objects.filter(state=Action.State.PUBLISHED)
    if user is not None and not is_office(user):
        actions = actions.filter(scope__in=scopes_seen_by(user))
    actions = list(actions[:200])
    candidates = [Similar("shared", str(s.pk), s.text[:80], s.text, 0.0) for s in shared[:200]]
    candidates += [Similar("action", str(a.pk), a.title, a.description, 0.0) for a in actions]
    if not candidates:
        return []
    try:
        from upstream.themes.textmodel.embedders import get_embedder

        texts = [c.text if c.kind == "shared" else f"{c.title}. {c.text}" for c in candidates]
        embedder = get_embedder()
        vectors = [*embedder.embed([cleaned]), *_embedded(embedder, texts)]
    except Exception:  # noqa: BLE001 - a missing model must never block speaking up
        return []
    scores = np.asarray(vectors[1:]) @ np.asarray(vectors[0])
    ranked = sorted(zip(candidates, scores, strict=True), key=lambda pair: -pair[1])
    return [
        Similar(c.kind, c.id, c.title, c.text, float(score))
        for c, score in ranked[:limit]
        if score >= SUGGEST_THRESHOLD
    ]
