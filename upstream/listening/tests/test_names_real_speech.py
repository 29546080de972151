"""How names sit in real recorded speech (hearings, inquiries, radio, oral histories): full names
with a family name that is also a word, offices before names, institutions and places named after
people, the titles of books and shows, and automatic captions without capitals or all in them."""

from __future__ import annotations

import pytest

from upstream.listening.names import capitalised_names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # A family name that is also a word, or in no list, after a first name.
        ("We spoke with Kevin Baker of Queens about the night shift.", ["Kevin", "Baker"]),
        ("thank you to town manager robert dwyerly and the board", ["robert", "dwyerly"]),
        ("the report was written by nan walsh and her team", ["nan", "walsh"]),
        # Introductions on a recording, in captions without capitals.
        ("hi, my name is odessa and i work nights on the cardiac floor", ["odessa"]),
        ("my name's faith okonjo, i'm a charge nurse", ["faith", "okonjo"]),
        ("my name is not on the schedule", []),
        # An office before a name is the office: the name is flagged, the office is not.
        ("We wrote to Governor Pritchard and Senator Okonkwo last month.", ["Pritchard", "Okonkwo"]),
        ("Thank you, Mr Chairman, for letting the nurses speak.", []),
        # ...but an office word that is a family name stays one after a first name or a title.
        ("Stephen King said the unit was short again.", ["Stephen", "King"]),
        ("We wrote to the Governor and to Dr. King.", ["King"]),
        # Offices before a name in automatic captions, and a full name before "and".
        ("thank you commissioner dravecky and supervisor aaron wenzloff", ["dravecky", "aaron", "wenzloff"]),
        # Institutions and places, even when a person's name is in them.
        ("i worked nights at st. luke's and then at san francisco general", []),
        ("She trained at St. Mary's Hospital and then at Brown University.", []),
        ("I moved from Manitoba to Northern California for the job.", []),
        ("I asked Maria Church to cover my shift.", ["Maria", "Church"]),
        # The capitalised words of a title are words, not people.
        ("I read On Death and Dying in nursing school.", []),
        # A turn written all in capitals (machine transcripts, closed captions) is read as lower case:
        # every word would look like an acronym otherwise.
        ("THANK YOU COMMISSIONER DRAVECKY AND SUPERVISOR AARON WENZLOFF", ["dravecky", "aaron", "wenzloff"]),
        ("MY NAME IS ODESSA AND I WORK NIGHTS ON THE CARDIAC FLOOR", ["odessa"]),
        ("WE NEED MORE CNAS ON NIGHTS AND A REAL BREAK ROOM", []),
    ],
)
def test_real_speech_patterns(text, names):
    assert capitalised_names(text) == names


def test_a_word_after_a_possessive_name_is_not_her_family_name():
    assert capitalised_names("layla's preceptor quit in march") == ["layla"]
