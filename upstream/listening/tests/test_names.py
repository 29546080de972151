"""Flagging candidate names in a transcript, and redacting the ones the reviewer keeps ticked."""

from __future__ import annotations

import pytest

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


def test_sentence_initial_capitals_are_flagged_only_when_they_are_names():
    # "Sometimes" starts a sentence; "Jordan" is a name wherever it stands.
    assert capitalised_names("Sometimes Jordan covers nights. Jordan is great.") == ["Jordan", "Jordan"]
    assert capitalised_names("Honestly, we asked Dr. Okoye twice.") == ["Okoye"]
    assert capitalised_names("Staffing is bad. Hartwell said so.") == ["Hartwell"]
    assert capitalised_names("Staffing is bad. Nobody said so.") == []


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


def test_it_handles_the_first_name_that_was_missed(org):
    # The reported case: "Lopez" was flagged, "Maria" was not, and the stored turn kept her first name.
    turns = parse_transcript("Nurse 2: Maria Lopez told me she cries in the car. Maria asked me not to say.")
    flagged = flag_names(turns)
    assert "Maria" in flagged and "Lopez" in flagged
    stored = redact_turns(turns, flagged)[0].text
    assert stored == "[name] told me she cries in the car. [name] asked me not to say."


def test_a_flagged_full_name_also_redacts_the_first_and_last_name_alone():
    text = "Robin Quill covered. Later robin said Quill's patient was fine."
    assert redact(text, ["Robin Quill"]) == "[name] covered. Later [name] said [name]'s patient was fine."
    assert redact("Maria Lopez, then Maria again", ["Maria Lopez"]) == "[name], then [name] again"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("so I told maria she should go home", "maria"),
        ("um ask jen, she was there", "jen"),
        ("yeah priya and uh deepa both said the same", "priya"),
        ("then dr okafor came in", "okafor"),
        ("i texted sarah at midnight", "sarah"),
        ("so meenakshi said the lab is down two techs", "meenakshi"),  # in no list
        ("i told bukola to go home", "bukola"),
    ],
)
def test_it_handles_names_in_lowercase_running_speech(text, name):
    assert name in capitalised_names(text)


@pytest.mark.parametrize(
    ("text", "name", "stored"),
    [
        ("Maria's kid was sick.", "Maria", "[name]'s kid was sick."),
        ("I think Priya’s done.", "Priya", "I think [name]’s done."),
        ("you know tunde's wife had a baby", "tunde", "you know [name]'s wife had a baby"),
    ],
)
def test_it_handles_possessives(text, name, stored):
    assert capitalised_names(text) == [name]
    assert redact(text, [name]) == stored


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Liz said the same thing.", "Liz"),
        ("Bob from transport waited an hour.", "Bob"),
        ("Chuy in transport is always running.", "Chuy"),
        ("Jojo texted me at midnight.", "Jojo"),
        ("Seun said the same.", "Seun"),
        ("Lupe from EVS said they cut her hours.", "Lupe"),
    ],
)
def test_it_handles_nicknames_and_short_forms(text, name):
    assert capitalised_names(text) == [name]


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("Dr. Patel never answers pages.", "Dr. [name] never answers pages."),
        ("dr patel is great.", "dr [name] is great."),
        ("Nurse Jo covered my patients.", "Nurse [name] covered my patients."),
        ("Doc Sam asks how we are.", "Doc [name] asks how we are."),
        ("Ate Joy brings food for nights.", "Ate [name] brings food for nights."),
        ("Nurse Kelly caught the error.", "Nurse [name] caught the error."),
    ],
)
def test_it_handles_titles_before_names(text, stored):
    assert redact(text, capitalised_names(text)) == stored


@pytest.mark.parametrize(
    "text",
    [
        "Will is on nights this week.",
        "and will said he'd cover.",
        "I told grace to go home.",
        "Grace told me she hasn't eaten.",
        "Hope said she's leaving.",
        "Mark said we're short two nurses.",
        "I asked mark about it.",
        "Joy and I started the same year.",
        "Rose and Lily from the float pool are great.",
        "Sue retired early because of nights.",
    ],
)
def test_names_that_are_also_words_are_flagged_in_a_naming_context(text):
    assert capitalised_names(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I will be honest, I almost quit.",
        "We hope things get better, but hope is not a plan.",
        "There's a grace period for the modules.",
        "It was a joy to work there.",
        "Mark the chart before you leave.",
        "I got the bill for parking.",
        "Be frank with us.",
        "We were there from dawn until eight.",
        "The census rose to forty.",
        "Will they actually do anything?",
        "Honestly I have no hope left.",
        "We were at max capacity.",
        "It was a blessing in disguise.",
    ],
)
def test_names_that_are_also_words_are_left_alone_as_words(text):
    assert capitalised_names(text) == []


def test_a_name_that_is_also_a_word_is_redacted_as_a_name_only():
    text = "Will said he will cover. I told will thanks. We hope Hope stays."
    assert (
        redact(text, ["Will", "Hope"])
        == "[name] said he will cover. I told [name] thanks. We hope [name] stays."
    )


@pytest.mark.parametrize(
    "text",
    [
        "management said there's no budget",
        "my mom said I look tired",
        "i almost told everyone",
        "the call bell is within reach",
        "we had a code violet and I was alone",
        "thank goodness the patient is stable",
        "I'm the only Black nurse on my unit",
        "it isn't about the pizza",
        "we need more RNs and CNAs",
    ],
)
def test_everyday_speech_is_not_flagged(text):
    assert capitalised_names(text) == []


def test_a_name_inside_a_longer_titled_name_is_still_flagged():
    """Each directory name was compared with the names found so far as a substring: "Ann" counted
    as found inside "Dr Annabel" and was missed. Compared word by word now."""
    from upstream.concerns.safety import named_people

    found = named_people("Dr Annabel said Ann cries in the car.", frozenset({"Ann", "Annabel"}))
    assert "Ann" in found


def test_a_run_of_letters_after_a_title_is_not_a_name(db):
    turns = parse_transcript("Nurse: Dr " + "A" + "b" * 200 + " said so, and Maria agreed.")
    assert flag_names(turns) == ["Maria"]


def test_many_names_redact_through_one_tree_longest_first():
    """An alternation of every name was tried name by name at each letter: a 2 MB transcript with
    120,000 flagged names took four minutes to redact (docs/listening.md)."""
    from upstream.listening.names import _trie

    assert _trie(["Robin Quill", "Robin", "Rose"]) == r"ro(?:bin(?:\ quill)?|se)"
    many = [f"Zed{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676)} Okafor" for i in range(3000)]
    text = "Then Robin Quill told Zedaab Okafor and zedzzd okafor that Rose left."
    assert redact(text, [*many, "Robin Quill", "Robin", "Rose"]) == (
        "Then [name] told [name] and [name] that [name] left."
    )
