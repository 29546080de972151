"""Each shipped instrument scored against cases worked out by hand."""

from __future__ import annotations

import json

import pytest

from upstream.surveys.instruments import InstrumentError, parse_instrument, shipped_instruments
from upstream.surveys.scoring import AnswerError, check_answers, score_answers, summarise


@pytest.fixture
def cbi():
    return shipped_instruments()["cbi-work"]


def test_it_ships_three_instruments_with_licenses_and_marks_its_own_items_unvalidated():
    found = shipped_instruments()
    assert set(found) == {"cbi-work", "loneliness-3", "upstream-pulse"}
    for instrument in found.values():
        assert instrument.license.redistribution
        assert instrument.citation
        assert all(item.theme and item.nam_factor for item in instrument.items)
    assert found["upstream-pulse"].validated is False
    assert "NOT VALIDATED" in found["upstream-pulse"].validation_note


def test_it_maps_every_item_to_a_theme_the_taxonomy_knows():
    from upstream.themes.textmodel.taxonomy import theme_keys

    known = set(theme_keys())
    for instrument in shipped_instruments().values():
        assert {item.theme for item in instrument.items} <= known


def test_it_scores_the_cbi_work_scale_with_the_reverse_keyed_item(cbi):
    # 75+50+25+75+50+25 and item 7 "always enough energy" (100) reversed to 0: 300 / 7.
    answers = {
        "cbi_w1": 75,
        "cbi_w2": 50,
        "cbi_w3": 25,
        "cbi_w4": 75,
        "cbi_w5": 50,
        "cbi_w6": 25,
        "cbi_w7": 100,
    }
    score = score_answers(cbi, answers)["work_burnout"]
    assert score == pytest.approx(42.857, abs=0.001)
    assert not cbi.score("work_burnout").cutoff.crossed(score)


def test_it_puts_a_burnt_out_cbi_answer_above_the_cutoff(cbi):
    # Six items "often" (75) and "never enough energy" (0, reversed to 100): 550 / 7.
    answers = {f"cbi_w{i}": 75 for i in range(1, 7)} | {"cbi_w7": 0}
    score = score_answers(cbi, answers)["work_burnout"]
    assert score == pytest.approx(78.571, abs=0.001)
    assert cbi.score("work_burnout").cutoff.crossed(score)


def test_it_needs_half_the_cbi_items_answered(cbi):
    assert score_answers(cbi, {"cbi_w1": 100, "cbi_w2": 100, "cbi_w3": 50})["work_burnout"] is None
    four = {"cbi_w1": 100, "cbi_w2": 100, "cbi_w3": 50, "cbi_w4": 50}
    assert score_answers(cbi, four)["work_burnout"] == 75


def test_it_sums_the_loneliness_scale_and_applies_its_cutoff():
    lonely = shipped_instruments()["loneliness-3"]
    cutoff = lonely.score("loneliness").cutoff
    assert score_answers(lonely, {"lon_1": 2, "lon_2": 2, "lon_3": 2})["loneliness"] == 6
    assert cutoff.crossed(6)
    assert score_answers(lonely, {"lon_1": 1, "lon_2": 2, "lon_3": 1})["loneliness"] == 4
    assert not cutoff.crossed(4)
    assert score_answers(lonely, {"lon_1": 3, "lon_2": 3})["loneliness"] is None


def test_it_scores_the_pulse_items_in_their_own_direction():
    pulse = shipped_instruments()["upstream-pulse"]
    scores = score_answers(pulse, {"up_division": 4, "up_safety": 2, "up_meaning": 5})
    assert scores["division"] == 4 and pulse.score("division").cutoff.crossed(4)
    assert scores["psych_safety"] == 2 and pulse.score("psych_safety").cutoff.crossed(2)
    assert scores["meaning"] == 5 and not pulse.score("meaning").cutoff.crossed(5)
    assert scores["recognition"] is None


def test_it_summarises_a_mean_with_a_t_interval_and_the_share_above_cutoff(cbi):
    # mean 50; sd sqrt(1000/4) = 15.811; t(0.975, 4) = 2.7764; half-width 19.632.
    summary = summarise(cbi.score("work_burnout"), [40, 60, 50, 70, 30])
    assert summary.mean == 50
    assert summary.low == pytest.approx(30.368, abs=0.01)
    assert summary.high == pytest.approx(69.632, abs=0.01)
    assert (summary.above_cutoff, summary.share_above) == (3, 0.6)


def test_it_refuses_answers_that_are_not_choices(cbi):
    with pytest.raises(AnswerError) as refused:
        check_answers(cbi, {"cbi_w1": 60})
    # In the words of the page, not the question's key ("The answer to 'cbi_w1'").
    assert "question 1 of “" in str(refused.value) and "cbi_w1" not in str(refused.value)
    with pytest.raises(AnswerError):
        check_answers(cbi, {"nope": 0})
    with pytest.raises(AnswerError):
        check_answers(cbi, {"cbi_w1": "\x00"})
    assert check_answers(cbi, {"cbi_w1": "75", "cbi_w2": ""}) == {"cbi_w1": 75}


def test_it_refuses_an_instrument_file_with_a_typo():
    data = json.loads((shipped_instruments()["loneliness-3"]).model_dump_json())
    data["items"][0]["scael"] = "x"
    with pytest.raises(InstrumentError, match="scael"):
        parse_instrument(data)
    data["items"][0].pop("scael")
    data["validated"] = False
    with pytest.raises(InstrumentError, match="validation_note"):
        parse_instrument(data)
