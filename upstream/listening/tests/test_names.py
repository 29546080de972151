"""Flagging candidate names in a transcript, and redacting the ones the reviewer keeps ticked."""

from __future__ import annotations

from upstream.listening.names import capitalised_names, flag_names, highlight, redact, redact_turns
from upstream.listening.transcripts import parse_transcript


def test_it_handles_a_name_in_the_text(org):
    turns = parse_transcript("Resident 1: After rounds Hartwell yelled at her in front of everyone.")
    assert flag_names(turns) == ["Hartwell"]


def test_it_handles_titles_and_the_staff_directory(org):
    turns = parse_transcript(
        "Nurse 1: Dr. Patel never answers pages.\n"
        "Nurse 2: Robin Quill covered for me on Tuesday.\n"  # Robin Quill is in the directory (conftest)
    )
    flagged = flag_names(turns)
    assert "Patel" in flagged and "Robin Quill" in flagged
    assert "Tuesday" not in flagged


def test_role_words_and_everyday_capitals_are_not_names(org):
    turns = parse_transcript(
        "Resident 2: The Attending and the Charge Nurse said the EHR is down again.\n"
        "Pharmacist: In January the Epic inbox doubled, and Wellness Week was pizza on Friday.\n"
        "Facilitator: Thanks. Next question: what did the Resident Council change at Riverbend?\n"
    )
    assert flag_names(turns) == []


def test_a_speaker_label_that_looks_like_a_name_is_flagged(org):
    turns = parse_transcript("Maria: I agree with what Resident 2 said.\nResident 2: Thanks.")
    assert flag_names(turns) == ["Maria"]


def test_sentence_initial_capitals_are_not_flagged_but_mid_sentence_ones_are():
    assert capitalised_names("Sometimes Jordan covers nights. Jordan is great.") == ["Jordan"]
    assert capitalised_names("Honestly, we asked Dr. Okoye twice.") == ["Okoye"]


def test_redaction_is_whole_word_case_insensitive_and_everywhere():
    text = "Hartwell yelled. HARTWELL again, and hartwell's tone. Hartwellian is not a name."
    assert (
        redact(text, ["Hartwell"])
        == "[name] yelled. [name] again, and [name]'s tone. Hartwellian is not a name."
    )
    assert redact("Robin Quill and Robin", ["Robin Quill", "Robin", "Quill"]) == "[name] and [name]"
    assert redact("Dr. Patel said", ["Patel"]) == "Dr. [name] said"


def test_redacted_speaker_labels_become_numbered_speakers():
    turns = parse_transcript("Maria: one.\nJo: two.\nMaria: three, as Jo said.\nResident 1: four.")
    out = redact_turns(turns, ["Maria", "Jo"])
    assert [(t.label, t.text) for t in out] == [
        ("Speaker 1", "one."),
        ("Speaker 2", "two."),
        ("Speaker 1", "three, as [name] said."),
        ("Resident 1", "four."),
    ]


def test_highlight_marks_names_without_html():
    assert highlight("ask <b>Jo</b> now", ["Jo"]) == [("ask <b>", False), ("Jo", True), ("</b> now", False)]
    assert highlight("nothing here", []) == [("nothing here", False)]
