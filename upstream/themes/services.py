"""Themes for concerns: classify at release, let leaders correct, find similar concerns."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from upstream.concerns.models import Concern
from upstream.themes.models import UNCLEAR, ConcernEmbedding, ConcernTheme, Correction, Theme

logger = logging.getLogger(__name__)
SIMILAR_THRESHOLD = 0.55  # cosine; read off pairs of project examples that share a theme


@dataclass(frozen=True)
class Analysis:
    theme: str  # primary key or "unclear"
    themes: list[tuple[str, float]]
    crisis: bool
    embedding: np.ndarray | None
    backend: str


def analyse_many(texts: list[str], batch_size: int = 64) -> list[Analysis]:
    """`analyse` for a release batch: one embedding pass per `batch_size` texts (far faster).

    Never raises: without the model every text is "unclear" and crisis falls back to the rules.
    """
    from upstream.themes.textmodel import crisis as crisis_model
    from upstream.themes.textmodel.embedders import get_embedder
    from upstream.themes.textmodel.service import current_classifier, theme_texts

    results: list[Analysis] = []
    try:
        embedder = get_embedder()
        model = current_classifier(embedder.name)
        for start in range(0, len(texts), batch_size):
            chunk = texts[start : start + batch_size]
            vectors = embedder.embed(chunk)
            themes = theme_texts(chunk, vectors, model)
            crises = crisis_model.assess_texts(chunk, vectors, backend=embedder.name)
            results.extend(
                Analysis(t.theme, list(t.themes), c.crisis, v, embedder.name)
                for t, c, v in zip(themes, crises, vectors, strict=True)
            )
        return results
    except Exception:  # noqa: BLE001 - degrade, never drop a batch; the log names no content
        logger.exception("text model unavailable; storing the batch unclassified")
        from upstream.themes.textmodel.crisis_rules import rule_matches

        return [Analysis(UNCLEAR, [], bool(rule_matches(text)), None, "") for text in texts]


def active_themes() -> dict[str, Theme]:
    return {t.key: t for t in Theme.objects.filter(active=True)}


def store_analyses(pairs: list[tuple[Concern, Analysis]], themes: dict[str, Theme] | None = None) -> None:
    """Themes and embeddings for many concerns in two inserts, in the order given.

    Each concern's `main_theme` must already hold its analysis's theme (`themes.get(analysis.theme)`),
    set before the concern was inserted, so the release writes no row twice.
    """
    themes = themes if themes is not None else active_themes()
    ConcernTheme.objects.bulk_create(
        ConcernTheme(
            concern=concern, theme=themes[key], score=round(float(score), 4), primary=(key == analysis.theme)
        )
        for concern, analysis in pairs
        for key, score in analysis.themes
        if key in themes
    )
    ConcernEmbedding.objects.bulk_create(
        ConcernEmbedding(
            concern=concern, backend=analysis.backend, vector=analysis.embedding.astype(np.float32).tobytes()
        )
        for concern, analysis in pairs
        if analysis.embedding is not None
    )


def _copy_main_themes(mains: dict[object, Theme | None]) -> None:
    """Keep `Concern.main_theme` equal to the primary ConcernTheme: one UPDATE per theme."""
    by_theme: dict[Theme | None, list[object]] = {}
    for concern_id, theme in mains.items():
        by_theme.setdefault(theme, []).append(concern_id)
    for theme, ids in by_theme.items():
        Concern.objects.filter(pk__in=ids).update(main_theme=theme)


def primary_theme(concern: Concern) -> Theme | None:
    row = next((r for r in concern.themes.all() if r.primary), None)
    return row.theme if row else None


def correct_themes(
    concern: Concern,
    leader,
    primary_key: str,
    secondary_keys: Iterable[str] = (),
    *,
    now: dt.datetime | None = None,
) -> Correction:
    """Replace the model's themes with the leader's; recorded and used in the next training run."""
    chosen = {t.key: t for t in Theme.objects.filter(key__in=[primary_key, *secondary_keys])}
    if primary_key not in chosen:
        raise ValueError(f"Unknown theme {primary_key!r}.")
    previous = primary_theme(concern)
    with transaction.atomic():
        correction = Correction.objects.create(
            concern=concern,
            leader=leader,
            primary=chosen[primary_key],
            previous=previous.key if previous else UNCLEAR,
            at=now or timezone.now(),
        )
        # A key given twice (a hand-made form, an API call) is one theme: a concern holds each once.
        secondary = [chosen[k] for k in dict.fromkeys(secondary_keys) if k in chosen and k != primary_key]
        correction.secondary.set(secondary)
        concern.themes.all().delete()
        ConcernTheme.objects.bulk_create(
            [
                ConcernTheme(
                    concern=concern, theme=chosen[primary_key], score=1.0, primary=True, corrected=True
                )
            ]
            + [ConcernTheme(concern=concern, theme=t, score=0.5, corrected=True) for t in secondary]
        )
        _copy_main_themes({concern.pk: chosen[primary_key]})
        concern.main_theme = chosen[primary_key]
        transaction.on_commit(_enqueue_retraining)
    return correction


def _enqueue_retraining() -> None:
    from upstream.themes.tasks import retrain_theme_model

    retrain_theme_model.enqueue()


def corrections_for_training() -> list[tuple[str, str]]:
    """(text, primary key) for the latest correction of each concern still held."""
    latest: dict[str, tuple[str, str]] = {}
    for correction in Correction.objects.select_related("concern", "primary").order_by("at"):
        latest[str(correction.concern_id)] = (correction.concern.text, correction.primary.key)
    return list(latest.values())


def similar_concerns(
    concern: Concern, candidates: QuerySet[Concern], limit: int = 5
) -> list[tuple[Concern, float]]:
    """Open concerns among `candidates` whose text means much the same, most similar first.

    Reads only the candidates' embeddings (their ids stay in the database, as a subquery) and
    loads whole concerns only for the few it returns: at a million concerns, loading hundreds of
    texts to show five was the concern page's slowest part.
    """
    own = ConcernEmbedding.objects.filter(concern=concern).values_list("backend", "vector").first()
    if own is None:
        return []
    backend, vector = own
    rows = list(
        ConcernEmbedding.objects.filter(concern_id__in=candidates.values("pk"), backend=backend)
        .exclude(concern_id=concern.pk)
        .values_list("concern_id", "vector")
    )
    if not rows:
        return []
    target = np.frombuffer(vector, dtype=np.float32)
    matrix = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32)
    scores = matrix.reshape(len(rows), target.size) @ target
    best = [i for i in np.argsort(-scores, kind="stable")[:limit] if scores[i] >= SIMILAR_THRESHOLD]
    found = Concern.objects.select_related("unit").in_bulk([rows[i][0] for i in best])
    return [(found[rows[i][0]], float(scores[i])) for i in best if rows[i][0] in found]


def reclassify(concerns: Iterable[Concern], batch_size: int = 256) -> int:
    """Re-theme concerns with the current model, in batches; leaders' corrections are kept.

    Used after retraining, and the path the throughput benchmark measures (text to stored themes).
    """
    from upstream.themes.textmodel.embedders import get_embedder
    from upstream.themes.textmodel.service import current_classifier, theme_texts

    embedder = get_embedder()
    model = current_classifier(embedder.name)
    themes = active_themes()
    concerns = list(concerns)
    corrected = set(
        ConcernTheme.objects.filter(corrected=True, concern__in=concerns).values_list("concern_id", flat=True)
    )
    pending = [c for c in concerns if c.pk not in corrected]
    for start in range(0, len(pending), batch_size):
        batch = pending[start : start + batch_size]
        vectors = embedder.embed([c.text for c in batch])
        results = theme_texts([c.text for c in batch], vectors, model)
        with transaction.atomic():
            ConcernTheme.objects.filter(concern__in=batch).delete()
            ConcernTheme.objects.bulk_create(
                ConcernTheme(
                    concern=c, theme=themes[key], score=round(float(score), 4), primary=(key == r.theme)
                )
                for c, r in zip(batch, results, strict=True)
                for key, score in r.themes
                if key in themes
            )
            _copy_main_themes({c.pk: themes.get(r.theme) for c, r in zip(batch, results, strict=True)})
            ConcernEmbedding.objects.filter(concern__in=batch).delete()
            ConcernEmbedding.objects.bulk_create(
                ConcernEmbedding(concern=c, backend=embedder.name, vector=v.astype(np.float32).tobytes())
                for c, v in zip(batch, vectors, strict=True)
            )
    return len(pending)
