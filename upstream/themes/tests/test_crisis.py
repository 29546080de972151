"""The crisis safety net flags first-person crisis language, however it is phrased, and not hard negatives."""

from __future__ import annotations

import pytest

from upstream.themes.textmodel.crisis import assess_crisis, detect_crisis
from upstream.themes.textmodel.crisis_rules import rule_matches

FIRST_PERSON = [
    "I wouldn't mind not waking up.",
    "Honestly everyone would be better off without me.",
    "I've been thinking about ending it.",
    "I have a plan.",
    "I want to kill myself.",
    "I don't want to be alive anymore, I'm so tired of all of it.",
    "Staffing is awful. Also, sometimes I think about taking my own life on the drive home.",
    "i keep hoping i won't wake up tomorrow",
    "I'm not suicidal exactly, but I wouldn't mind if I never woke up.",
    "I've been cutting myself again after night shifts.",
    "I keep thinking everyone would be better off without me",
    "I've been looking at the meds in the pyxis differently",
]

HARD_NEGATIVES = [
    "This job is killing me.",
    "I could kill for a coffee right now.",
    "My patient attempted suicide on our unit last night and we had no sitter.",
    "A colleague of ours died by suicide last year and nobody ever talked about it.",
    "I'm not suicidal, just burnt out and furious about the schedule.",
    "Telling anyone here you see a therapist is career suicide.",
    "I'm dying for a day off.",
    "Our suicide prevention module is a 2012 video with dead phone numbers.",
    "I have a plan to talk to the manager about the float pool.",
    "The patient said 'I want to die' and psych took three days to come.",
    "I don't have any thoughts of self-harm. I have thoughts of quitting.",
]

# Ordinary concerns (from examples.jsonl) that the old model flagged: no crisis banner for these.
ORDINARY = [
    "miss my kids",
    "thx to whoever covered my evals when i had to leave for my kid, u know who u are",
    "honestly my unit is the only reason i'm still here. the people are amazing"
    " even when everything else is on fire",
    "New grad here. The preceptor I got is patient, kind and never makes me feel stupid."
    " Whoever paired us, thank you.",
    "Everyone's nice enough. I just don't have anyone here.",
    "did things today i'm not ok with",
]


@pytest.mark.parametrize("text", FIRST_PERSON)
def test_it_flags_first_person_crisis_language(text):
    assert detect_crisis(text) is True


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_it_does_not_flag_hard_negatives(text):
    assessment = assess_crisis(text)
    assert assessment.crisis is False, assessment


def test_rules_alone_read_first_person_negation_and_quotes():
    assert "kill_self" in rule_matches("Some days I want to kill myself.")
    assert rule_matches("I would never kill myself, my kids need me.") == []
    assert rule_matches("He told me 'I want to die' and then left AMA.") == []
    assert "not_waking" in rule_matches("I'm not suicidal but I wouldn't mind not waking up.")


def test_a_rule_fires_even_when_the_model_is_unsure():
    assessment = assess_crisis("Work's fine I guess. I have a plan.")
    assert assessment.crisis and "have_plan" in assessment.rules


def test_it_catches_paraphrase_with_no_crisis_keywords_through_the_model():
    text = "I keep picturing my own funeral and it feels peaceful, like finally resting."
    assessment = assess_crisis(text)
    assert assessment.crisis


@pytest.mark.parametrize("text", ORDINARY)
def test_it_does_not_flag_ordinary_concerns(text):
    assessment = assess_crisis(text)
    assert assessment.crisis is False, assessment


def test_a_text_with_no_risk_cue_needs_a_higher_score():
    from upstream.themes.textmodel.crisis import decide

    assert decide("miss my kids", 0.8, 0.6, 0.9).crisis is False
    assert decide("miss my kids", 0.92, 0.6, 0.9).crisis is True
    assert decide("I don't see the point of going on", 0.8, 0.6, 0.9).crisis is True


def test_false_alarms_on_the_ordinary_examples_stay_rare():
    from upstream.themes.textmodel.crisis import assess_texts
    from upstream.themes.textmodel.examples import theme_examples

    texts = [t for t, _ in theme_examples()]
    flagged = [t for t, a in zip(texts, assess_texts(texts), strict=True) if a.crisis]
    assert len(flagged) <= len(texts) // 100, flagged
