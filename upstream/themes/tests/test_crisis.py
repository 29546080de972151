"""The crisis safety net flags first-person crisis language, however it is phrased, and not hard negatives.

Behaviour is asserted on the phrase rules, which answer the same on every machine. The model (int8
ONNX by default, whose kernels round differently on other processors) is asserted on single texts
only when its score sits at least SCORE_MARGIN from the threshold on the reference machine, and
otherwise through rates; each text is scored alone, so no other text can move its score.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from upstream.themes.textmodel.crisis import (
    SCREEN_BACKEND,
    SHIPPED_DIR,
    assess_crisis,
    assess_texts,
    decide,
    detect_crisis,
    screen,
    screen_score,
    screen_vectors,
)
from upstream.themes.textmodel.crisis_rules import own_text, rule_matches, sentence_spans
from upstream.themes.textmodel.crisis_training import (
    HELD_BACK_SPLITS,
    HELD_OUT_SPLITS,
    LIMIT_KINDS,
    NOT_TRAINED_ON,
    PART_MAX_FALSE_ALARMS,
    SCREEN_MAX_ORDINARY_RATE,
    real_statements,
)
from upstream.themes.textmodel.examples import DATA_DIR

# A score this far from its threshold cannot be flipped by another processor's rounding (int8
# kernels differ by a few hundredths at most; a margin of 0.02 was once not enough).
SCORE_MARGIN = 0.1

FIRST_PERSON = [
    "I wouldn't mind not waking up.",
    "Since the night shifts started my alcohol intake has doubled.",
    "I keep vodka in my water bottle for the drive in.",
    "I started abusing my sleeping pills just to get through the week.",
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
    # Indirect, and the way people type: lowercase, no apostrophes, no full stops.
    "i dont want to wake up tomorrow",
    "im so tired of living like this",
    "i think about killing my self every day",
    "Ive been thinking about suicide a lot lately",
    "I've been saving up my sleeping pills",
    "sometimes on the drive home I think about just drifting into oncoming traffic",
    "i cant do this anymore i just want it all to end",
    "I drink a bottle of wine every night just to be able to sleep",
    "I take xanax before every shift just to get through it",
    "I feel like such a burden to everyone",
    "nobody would even notice if i was gone",
    "I hope I get into a car accident on the way in so I don't have to come back",
    "I know exactly how much insulin it would take",
    "I've written letters to my kids",
    "I don't feel safe with myself right now",
    "What's the point anymore.",
    "I've been hiding my self-harm from everyone",
    "If I was gone I would no longer be a burden on my family.",
    "I see no future for myself.",
    "I've had passive SI since intern year.",
    "Drinking is the only way I can sleep anymore.",
    "I just wanted to say goodbye.",
    "i keep thinking my family would be fine, maybe better, if i just wasn't here",
    "Nothing I do matters and nobody would miss me.",
    "Everything feels pointless and I've started giving my things away.",
    "I feel empty all the time and I've stopped caring what happens to me.",
]

HARD_NEGATIVES = [
    "This job is killing me.",
    "Patients abusing opioids board in our ED for days.",
    "We resorted to paper charts when the EHR went down.",
    "My struggle with the new charting system is real.",
    "I could kill for a coffee right now.",
    "I could murder a coffee.",
    "My patient attempted suicide on our unit last night and we had no sitter.",
    "A colleague of ours died by suicide last year and nobody ever talked about it.",
    "I'm not suicidal, just burnt out and furious about the schedule.",
    "Telling anyone here you see a therapist is career suicide.",
    "I'm dying for a day off.",
    "Our suicide prevention module is a 2012 video with dead phone numbers.",
    "I have a plan to talk to the manager about the float pool.",
    "The patient said 'I want to die' and psych took three days to come.",
    "I don't know how much longer I can do this job.",
    "I'm at the end of my rope with management.",
    "I screen every patient for suicidal ideation.",
    "I'd rather die than do another mandatory module.",
    "I'd rather shoot myself than chart in that system.",
    "I need a drink after that shift, lol.",
    "I had a patient who drank a bottle of vodka every night.",
    "So, working myself to death, I developed PTSD.",
    "Patient with SI was boarded in the ED for three days.",
    "I'm ready to give up on nursing.",
    "There's no way out of mandatory overtime.",
    "I wrote this after a call that still haunts me, and a line I'll never forget: "
    "\u201cI wish I were dead now.\u201d She meant it.",
]

# Ordinary concerns (from examples.jsonl) that an older model flagged: no crisis banner for these.
ORDINARY = [
    "miss my kids",
    "thx to whoever covered my evals when i had to leave for my kid, u know who u are",
    "honestly my unit is the only reason i'm still here. the people are amazing"
    " even when everything else is on fire",
    "New grad here. The preceptor I got is patient, kind and never makes me feel stupid."
    " Whoever paired us, thank you.",
    "Everyone's nice enough. I just don't have anyone here.",
]
# Hard negatives the default model scores within SCORE_MARGIN of its floor on the reference machine:
# asserted through a rate, not one by one ("did things today i'm not ok with", an ordinary example,
# counts in the ordinary rate).
NEAR_THE_FLOOR = [
    "I've been thinking about suicide prevention a lot since Sam's death.",
    "I hate myself for missing that lab value.",
    "I don't have any thoughts of self-harm. I have thoughts of quitting.",
    "The licensing application asks whether I have ever had suicidal thoughts.",
]

# Openings of real published statements at risk (data/crisis/real.jsonl) that no rule reads: the
# screen's model must find them.
SCREEN_MODEL_ONLY = [
    "Some days I feel nothing, and I desperately want to disappear.",
    "I just can’t figure a way out of this maze in my mind.",
]

LONG_POST = (
    "I have been a nurse on this floor for eleven years and I love most of the people I work with. "
    "Since the merger we float every other shift, the charting doubled, and nobody answers emails about "
    "the broken lift in room 12. My manager is kind but has no say. I pick up shifts because we are short "
    "and then I feel guilty for being short with my own kids. Most nights I fall asleep in my scrubs. "
    "Some nights on the way home I catch myself hoping I won't have to wake up and do it all again. "
    "Anyway, the lift still needs fixing and we need a second tech on nights."
)


def _clearly_not_flagged(text: str) -> bool:
    """No rule fires and the screen's model stays at least SCORE_MARGIN below its threshold."""
    score, threshold = screen_score(text)
    return not rule_matches(text) and score <= threshold - SCORE_MARGIN


def _real() -> list[dict]:
    with open(DATA_DIR / "crisis" / "real.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.mark.parametrize("text", FIRST_PERSON)
def test_it_flags_first_person_crisis_language(text):
    assert screen(text) is True
    assert detect_crisis(text) is True


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_it_does_not_flag_hard_negatives_on_the_request_path(text):
    assert screen(text) is False, (rule_matches(text), screen_score(text))
    assert _clearly_not_flagged(text), (rule_matches(text), screen_score(text))


@pytest.mark.parametrize("text", HARD_NEGATIVES[:11])
def test_the_batch_path_does_not_flag_the_classic_hard_negatives(text):
    # These sit at least 0.2 below their threshold on the reference machine, so rounding cannot flip them.
    assessment = assess_crisis(text)
    assert assessment.crisis is False, assessment


@pytest.mark.parametrize("text", ORDINARY)
def test_it_does_not_flag_ordinary_concerns_on_the_request_path(text):
    assert screen(text) is False
    assert _clearly_not_flagged(text), screen_score(text)


def test_one_sentence_at_risk_flags_a_long_post():
    assert screen(LONG_POST) is True
    assert "not_wake" in rule_matches(LONG_POST)
    calm = LONG_POST.replace("hoping I won't have to wake up and do it all again", "tired")
    assert _clearly_not_flagged(calm)


def test_rules_read_first_person_negation_quotes_and_work_targets():
    assert "kill_self" in rule_matches("Some days I want to kill myself.")
    assert rule_matches("I would never kill myself, my kids need me.") == []
    assert rule_matches("He told me 'I want to die' and then left AMA.") == []
    assert "not_waking" in rule_matches("I'm not suicidal but I wouldn't mind not waking up.")
    assert rule_matches("My daughter attempted suicide in May.") == []
    assert "attempt_self" in rule_matches("I attempted suicide in May.")
    assert rule_matches("I can't do this anymore with this staffing.") == []
    assert "cant_go_on" in rule_matches("I can't do this anymore.")


def test_a_rule_fires_even_when_the_model_is_unsure():
    assessment = assess_crisis("Work's fine I guess. I have a plan.")
    assert assessment.crisis and "have_plan" in assessment.rules


def test_the_model_alone_needs_a_very_high_score():
    # decide() is deterministic given a score: the model floor holds whatever the trained threshold.
    assert decide("miss my kids", 0.9, 0.6, 0.9).crisis is False
    assert decide("miss my kids", 0.97, 0.6, 0.9).crisis is True
    assert decide("I feel so empty lately", 0.94, 0.6, None).crisis is False
    assert decide("I don't see the point of going on", 0.2, 0.6, 0.9).crisis is True  # a rule


def test_the_batch_path_makes_the_screens_decision_on_the_real_set():
    # The same model and floor; only int8 batching can move a score near the floor (the release
    # keeps the screen's flag whatever the batch says). 99.2% agree on the reference machine.
    texts = [row["text"] for row in _real()]
    screened = np.array([screen(t) for t in texts])
    assessed = np.array([a.crisis for a in assess_texts(texts)])
    assert (screened == assessed).mean() >= 0.97


def test_the_screen_meets_its_goals_on_the_real_dev_statements():
    dev = [row for row in _real() if row["split"] == "dev"]
    positives = [screen(r["text"]) for r in dev if r["crisis"]]
    negatives = [screen(r["text"]) for r in dev if not r["crisis"]]
    assert sum(positives) / len(positives) >= 0.95
    assert sum(negatives) / len(negatives) <= 0.15


def test_false_alarms_on_the_written_hard_negatives_stay_within_the_goal():
    from upstream.themes.textmodel.examples import crisis_examples

    texts = HARD_NEGATIVES + NEAR_THE_FLOOR + [r["text"] for r in crisis_examples() if not r["crisis"]]
    flagged = [t for t in texts if screen(t)]
    assert len(flagged) <= 0.15 * len(texts), flagged


def test_false_alarms_on_the_ordinary_examples_stay_rare():
    from upstream.themes.textmodel.examples import theme_examples

    texts = [t for t, _ in theme_examples()]
    limit = int(len(texts) * SCREEN_MAX_ORDINARY_RATE)
    screened = [t for t in texts if screen(t)]
    assert len(screened) <= limit, screened
    flagged = [t for t, a in zip(texts, assess_texts(texts), strict=True) if a.crisis]
    assert len(flagged) <= limit, flagged


def test_the_screen_reads_the_text_and_each_pair_of_sentences_like_the_static_embedder():
    from upstream.themes.textmodel.embedders import get_embedder

    own = own_text(LONG_POST)
    spans = sentence_spans(own)
    parts = [own, *(own[a[0] : b[1]] for a, b in zip(spans, spans[1:], strict=False))]
    fast = screen_vectors(LONG_POST)
    assert fast.shape == (len(spans), get_embedder(SCREEN_BACKEND).dim)
    cosines = (fast * get_embedder(SCREEN_BACKEND).embed(parts)).sum(axis=1)
    assert np.all(cosines > 0.9999), cosines
    assert screen("") is False and screen("   ") is False


@pytest.mark.parametrize("opening", SCREEN_MODEL_ONLY)
def test_the_screen_model_finds_statements_no_rule_reads(opening):
    (text,) = [row["text"] for row in _real() if row["text"].startswith(opening)]
    score, threshold = screen_score(text)
    assert rule_matches(text) == []
    assert score >= threshold + SCORE_MARGIN, score
    assert screen(text) is True
    assert detect_crisis(text) is True


def test_the_screen_survives_odd_input_and_ignores_texts_too_short_to_judge():
    for text in ("xxxx", "ok", ".", "x" * 20000, "lone \udfff surrogate", "a\x00b", "\U0001f600" * 500):
        assert screen(text) is False, text[:20]
    assert screen("lone \ud800 surrogate, i want to die") is True


def test_the_crisis_model_never_trains_on_the_held_out_round():
    # eval14 and eval15 are the net's honest estimate on unseen writers (docs/crisis.md); the rounds
    # before them were scored before and after their change, then trained on.
    assert {"eval14", "eval15", "eval16", "eval17"} <= HELD_OUT_SPLITS
    held = {row["text"] for row in _real() if row["split"] in HELD_OUT_SPLITS}
    trained, _, _, _ = real_statements()
    assert len(held) >= 130
    assert not held & set(trained)


def test_the_held_back_training_round_is_not_trained_on():
    # train4 measured no better out of fold (docs/crisis.md); the shipped models were trained without it.
    held_back = {row["text"] for row in _real() if row["split"] in HELD_BACK_SPLITS}
    trained, _, _, _ = real_statements()
    assert len(held_back) >= 150
    assert not held_back & set(trained)


def test_the_false_alarm_limit_counts_the_hard_negatives_the_goal_names():
    # The floor is held to a false-alarm limit on someone else's suicide, clinical talk, idioms,
    # stigma and licensing, and venting; a near miss or a writer who says they are safe now is
    # trained on as calm but not counted, so it cannot push the floor up and cost writers at risk.
    rows = [r for r in _real() if r["split"] not in NOT_TRAINED_ON]
    _, at_risk, _, counted = real_statements()
    kinds = {r["kind"] for r, c in zip(rows, counted, strict=True) if c}
    assert kinds == LIMIT_KINDS
    assert not (counted & at_risk).any()
    uncounted = {r["kind"] for r, c in zip(rows, counted, strict=True) if not c and not r["crisis"]}
    assert {"everyday", "safety"} <= uncounted
    shipped = json.loads((SHIPPED_DIR / "onnx-minilm" / "crisis" / "classifier-000001.json").read_text())
    counted_rate, all_kinds_rate = shipped["part_cv_false_alarms"], shipped["part_cv_false_alarms_all_kinds"]
    assert counted_rate <= PART_MAX_FALSE_ALARMS < all_kinds_rate


@pytest.mark.parametrize(
    "text, rule",
    [
        ("I could have stopped by one of those sheds and hung myself from a wire.", "kill_self"),
        ("I got home, took a handful of Benadryl to knock myself out, and went to sleep.", "means"),
        ("Last spring I swallowed the whole bottle of Tylenol.", "means"),
    ],
)
def test_the_rules_read_a_hanging_or_a_handful_of_pills_told_in_the_past(text, rule):
    assert rule in rule_matches(text)


@pytest.mark.parametrize(
    "text",
    [
        "My patient took a whole bottle of Tylenol and came in on day three.",
        "I take a handful of vitamins every morning with breakfast.",
        "I hung the new staffing board myself.",
    ],
)
def test_someone_else_s_overdose_and_everyday_pills_are_not_a_rule_match(text):
    assert not rule_matches(text)


@pytest.mark.parametrize(
    "text, rule",
    [
        ("I woke up in the ICU, disappointed that I was still alive.", "still_alive_dread"),
        ("I remember them pumping my stomach and the taste of the charcoal.", "still_alive_dread"),
        ("Some nights I think it must be nice to have the relief of death.", "death_as_relief"),
        ("Death feels like a reward to me now. I long for an endless sleep.", "death_as_relief"),
        ('I texted my group chat: "Nothing like feeling strongly suicidal at work."', "feeling_suicidal"),
    ],
)
def test_the_rules_read_dread_at_surviving_death_as_relief_and_a_feeling_with_no_i(text, rule):
    assert rule in rule_matches(text)


@pytest.mark.parametrize(
    "text",
    [
        "I asked the patient whether he was feeling suicidal.",
        "It was nothing like feeling suicidal, just bone tired.",
        "My grandmother's death was a release for her after years of pain.",
        "I woke up at five and was still alive and kicking after three nights.",
        "We gave him activated charcoal and watched his sats.",
    ],
)
def test_another_s_feeling_a_negated_one_and_a_death_mourned_are_not_a_rule_match(text):
    assert not rule_matches(text)


@pytest.mark.parametrize(
    "text, rule",
    [
        ("Honestly I don't want this life anymore.", "not_want_this_life"),
        ("I lost all interest in living and I cry every day.", "not_want_this_life"),
        ("I am not enough, and I do not deserve to exist.", "not_want_this_life"),
        ("How do you smile at work when all you want to do is die?", "all_want_is_die"),
        ("On Friday an attempt on my own life was interrupted by friends.", "attempt_on_life"),
        ("I reached for the rope again last night.", "attempt_on_life"),
        ("I kept taking too many of my meds to see what would happen.", "pills_to_see"),
        ("I keep drinking until I pass out most nights.", "drink_until"),
        ("When I presented for my call shift, I was intoxicated.", "drink_until"),
        ("Giving it my all not to cut, because the marks don't fade.", "try_not_to_cut"),
        ("At one point I was ready to step out in front of a car.", "jump"),
        ("Who would even notice if I was just dead?", "if_i_am_dead"),
        ("I am a nurse, and became addicted to narcotics on the job.", "lex_addiction"),
    ],
)
def test_the_rules_read_what_the_seen_misses_said_without_the_usual_words(text, rule):
    assert rule in rule_matches(text)


@pytest.mark.parametrize(
    "text",
    [
        "I don't want this life for my kids, so I'm going back to school.",
        "We are trying not to cut corners on the new charting policy.",
        "My patient was intoxicated at work and the charge nurse sent him home.",
        "I'm not going to roll over and die because management said no.",
        "She is a nurse and became addicted to opioids after her surgery.",
        "See you on the other side of this rotation!",
        "My stress was high at work all winter, and I'm tired.",
        "I shaved my legs in the tub with a new razor.",
        "I took 3 days off thinking it would be enough.",
    ],
)
def test_the_new_rules_leave_others_and_everyday_words_alone(text):
    assert not rule_matches(text)
