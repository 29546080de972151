"""Parsing plain-text and WebVTT transcripts into turns, and mapping speaker labels to role groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from upstream.listening.transcripts import TranscriptError, name_words_in_label, parse_transcript, role_for

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "focus-group.vtt"


def test_it_reads_plain_text_turns_with_continuation_lines():
    turns = parse_transcript(
        "Facilitator: When you hear burnout, what comes to mind?\n"
        "Resident 2: Charting at home until midnight.\n"
        "Every single night.\n"
        "\n"
        "Attending: The thing is: nobody asks us.\n"
        "nurse 3: Same on our floor.\n"
    )
    assert [(t.role, t.label) for t in turns] == [
        ("facilitator", "Facilitator"),
        ("resident", "Resident 2"),
        ("attending", "Attending"),
        ("nurse", "nurse 3"),
    ]
    assert turns[1].text == "Charting at home until midnight. Every single night."
    # A colon inside a sentence does not start a turn.
    assert turns[2].text == "The thing is: nobody asks us."


def test_it_drops_timestamps_and_turns_that_say_nothing():
    turns = parse_transcript("[00:01:02] Resident 1: We are tired.\nNurse:\n\n(12:30) Nurse 2: Short again.")
    assert [(t.label, t.text) for t in turns] == [
        ("Resident 1", "We are tired."),
        ("Nurse 2", "Short again."),
    ]


def test_it_reads_webvtt_voice_tags_and_joins_cues_of_the_same_speaker():
    turns = parse_transcript(
        "WEBVTT\n\n"
        "NOTE made up\n\n"
        "intro\n00:00:01.000 --> 00:00:03.000\n<v Facilitator>Welcome.</v>\n\n"
        "00:00:03.000 --> 00:00:05.000\n<v.loud Resident 1>I was <i>charting</i> at home</v>\n\n"
        "00:00:05.000 --> 00:00:07.000\n<v Resident 1>until midnight &amp; later.</v>\n\n"
        "00:00:07.000 --> 00:00:09.000\nCharge Nurse: We are short.\nstill short.\n\n"
        "00:00:09.000 --> 00:00:11.000\nand nobody comes.\n"
    )
    assert [(t.role, t.label, t.text) for t in turns] == [
        ("facilitator", "Facilitator", "Welcome."),
        ("resident", "Resident 1", "I was charting at home until midnight & later."),
        ("nurse", "Charge Nurse", "We are short. still short. and nobody comes."),
    ]
    assert not any("00:" in t.text for t in turns)


def test_the_shipped_example_parses():
    turns = parse_transcript(EXAMPLE.read_text(encoding="utf-8"))
    assert len(turns) == 22
    assert {t.role for t in turns} == {"facilitator", "resident"}
    assert len({t.label for t in turns if t.role == "resident"}) == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the transcript is empty"),
        ("   \n\n", "the transcript is empty"),
        (
            "Welcome everyone, thanks for coming.\nNurse: Hi.",
            "line 1: a turn must start with the speaker's role, like 'Nurse:' or 'Resident 2:'",
        ),
        ("\n\nwe talked about staffing", "line 3: a turn must start with the speaker's role"),
        ("WEBVTT\n\n1\nResident 1: no timing here", "line 3: expected cue timings"),
        (
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello there",
            "line 4: this cue does not say who is speaking",
        ),
        ("Nurse:\nFacilitator:", "no turns with anything said"),
    ],
)
def test_it_explains_what_it_cannot_read(text, message):
    with pytest.raises(TranscriptError, match=message.replace("(", r"\(")):
        parse_transcript(text)


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Resident 2", "resident"),
        ("PGY-3", "resident"),
        ("Fellow", "resident"),
        ("Intern 1", "resident"),
        ("Attending", "attending"),
        ("Physician 2", "attending"),
        ("Doctor", "attending"),
        ("Dr. Lopez", "attending"),
        ("Nurse", "nurse"),
        ("RN 4", "nurse"),
        ("Charge Nurse", "nurse"),
        ("Night nurse", "nurse"),
        ("NP", "app"),
        ("Nurse Practitioner", "app"),
        ("PA 2", "app"),
        ("Physician Assistant", "app"),
        ("APP", "app"),
        ("Pharmacist", "pharmacist"),
        ("Respiratory Therapist", "allied_health"),
        ("RT", "allied_health"),
        ("PT", "allied_health"),
        ("OT", "allied_health"),
        ("Social Worker", "allied_health"),
        ("Admin", "admin_staff"),
        ("Clerk", "admin_staff"),
        ("Unit Secretary", "admin_staff"),
        ("Unit Coordinator", "admin_staff"),
        ("EVS", "support_services"),
        ("Environmental Services 1", "support_services"),
        ("Transport", "support_services"),
        ("Dietary", "support_services"),
        ("Facilitator", "facilitator"),
        ("Moderator", "facilitator"),
        ("Host", "facilitator"),
        ("Participant 3", "other"),
        ("Maria", "other"),
    ],
)
def test_it_maps_role_labels_forgivingly(label, role):
    assert role_for(label) == role


def test_a_speaker_label_that_is_a_name_is_flagged():
    assert name_words_in_label("Maria") == ["Maria"]
    assert name_words_in_label("Dr. Lopez 2") == ["Lopez"]
    assert name_words_in_label("Senior Resident 2") == []
    assert name_words_in_label("Charge Nurse") == []
    turns = parse_transcript("Maria Lopez: I agree.\nResident 1: So do I.")
    assert (turns[0].role, turns[0].label) == ("other", "Maria Lopez")
