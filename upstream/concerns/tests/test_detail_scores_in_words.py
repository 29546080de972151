"""The leader's concern page says how sure the model is in words; the numbers stay in the API.

A unit leader read "Workload and staffing · 0.43" and "0.71 similar" and could not tell what either
meant; a theme a leader had corrected showed no sign of it (the API keeps its stored 1.0 or 0.5).
Bands: upstream/themes/wording.py.
"""

from __future__ import annotations

import re

import numpy as np
from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tests.test_api import auth
from upstream.concerns.tests.helpers import released
from upstream.themes.models import ConcernEmbedding, ConcernTheme, Theme
from upstream.themes.services import correct_themes

# A decimal score as the page printed it ("0.43", "1.00"), not a date or a time.
RAW_SCORE = re.compile(r"(?<![\d:.])[01]\.\d{2}(?![\d:])")


def _theme(key: str, name: str) -> Theme:
    return Theme.objects.get_or_create(key=key, defaults={"name": name, "description": "d", "factor": "f"})[0]


def _scored(concern, rows: list[tuple[str, str, float, bool]]) -> None:
    concern.themes.all().delete()
    for key, name, score, primary in rows:
        ConcernTheme.objects.create(concern=concern, theme=_theme(key, name), score=score, primary=primary)


def _embed(concern, vector: np.ndarray) -> None:
    unit = (vector / np.linalg.norm(vector)).astype(np.float32)
    ConcernEmbedding.objects.filter(concern=concern).delete()
    ConcernEmbedding.objects.create(concern=concern, backend="test", vector=unit.tobytes())


def _page(client, concern) -> str:
    client.login(username="leader_a", password=PASSWORD)
    response = client.get(reverse("concerns:detail", args=[concern.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_theme_scores_as_words_and_keeps_the_numbers_in_the_api(client, org):
    concern = released(unit=org.ward_a).concern
    _scored(
        concern,
        [
            ("workload_staffing", "Workload and staffing", 0.43, True),
            ("work_life", "Work-life, family and pay", 0.31, False),
            ("recognition_growth", "Recognition and growth", 0.18, False),
        ],
    )
    page = _page(client, concern)
    assert "Workload and staffing · main theme" in page
    assert "Work-life, family and pay · also likely" in page
    assert "Recognition and growth · possible" in page
    assert not RAW_SCORE.search(page), RAW_SCORE.search(page)

    api = client.get(f"/api/v1/concerns/{concern.pk}", **auth(org.leader)).json()
    assert {row["key"]: row["score"] for row in api["themes"]} == {
        "workload_staffing": 0.43,
        "work_life": 0.31,
        "recognition_growth": 0.18,
    }
    assert [row["words"] for row in api["themes"]] == ["main theme", "also likely", "possible"]
    assert not any(row["corrected"] for row in api["themes"])


def test_it_shows_a_leaders_correction_as_corrected_not_as_a_score(client, org):
    concern = released(unit=org.ward_a).concern
    _theme("workload_staffing", "Workload and staffing")
    _theme("work_life", "Work-life, family and pay")
    correct_themes(concern, org.leader, "work_life", ["workload_staffing"])
    page = _page(client, concern)
    assert "Work-life, family and pay · main theme, corrected by a leader" in page
    assert "Workload and staffing · corrected by a leader" in page
    assert not RAW_SCORE.search(page)
    api = client.get(f"/api/v1/concerns/{concern.pk}", **auth(org.leader)).json()
    assert [(row["key"], row["corrected"], row["words"]) for row in api["themes"]] == [
        ("work_life", True, "main theme, corrected by a leader"),
        ("workload_staffing", True, "corrected by a leader"),
    ]


def test_it_shows_similar_concerns_as_similar_or_very_similar(client, org):
    target = released(unit=org.ward_a).concern
    close = released("Nights are short of nurses again and no one gets a break.", unit=org.ward_a).concern
    nearer = released("Six nurses short on nights; nobody had a break all shift.", unit=org.ward_a).concern
    base = np.zeros(8)
    base[0] = 1.0
    _embed(target, base)
    _embed(nearer, base + np.eye(8)[1] * 0.5)  # cosine 0.89
    _embed(close, base + np.eye(8)[1] * 1.2)  # cosine 0.64
    page = _page(client, target)
    assert "Similar concerns" in page
    assert f"{nearer.reference} · 4 West · very similar" in page
    assert f"{close.reference} · 4 West · similar" in page
    assert not RAW_SCORE.search(page)
    api = client.get(f"/api/v1/concerns/{target.pk}/similar", **auth(org.leader)).json()
    assert [(row["concern"]["reference"], row["words"]) for row in api] == [
        (nearer.reference, "very similar"),
        (close.reference, "similar"),
    ]
