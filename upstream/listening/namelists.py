"""The name lists behind name flagging: given names, family names, and names that are also words.

Given and family names come from Faker's person providers (MIT licence; the locales of US hospital
staff: English-speaking countries, Nigeria, Ghana, Kenya, India, Pakistan, Mexico and Spanish-speaking
America, Brazil, China, Vietnam and more), plus a project-written list of nicknames, short forms and
names Faker misses (`data/given-names-extra.txt`). Names that are also everyday English words ("will",
"hope", "grace", "mark") are listed in `data/name-words.txt` and flagged only with a naming context.

Everything is lower case and ASCII-folded ("Nguyễn" -> "nguyen"), loaded once per process.
"""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

DATA = Path(__file__).parent / "data"
EXTRA_FILE = DATA / "given-names-extra.txt"
NAME_WORDS_FILE = DATA / "name-words.txt"
NOT_PEOPLE_FILE = DATA / "not-people.txt"
ENGLISH_WORDS_FILE = DATA / "english-words.txt"

# Faker person providers read for names. Latin-script locales only: a transcript is in English, and a
# name written in another script is flagged as a capitalised word anyway (see names.py).
FAKER_LOCALES = (
    "en en_US en_GB en_IE en_NZ en_KE en_NG ha_NG ig_NG yo_NG tw_GH zu_ZA en_IN en_PK en_TH es_MX es_ES "
    "es_CO es_AR es_CA pt_BR pt_PT fr_FR it_IT de_DE pl_PL vi_VN zh_CN zh_TW id_ID tr_TR"
).split()
_GIVEN_ATTRIBUTES = ("first_names", "first_names_unisex", "first_romanized_names", "middle_names")
_FAMILY_ATTRIBUTES = ("last_names", "last_romanized_names", "last_names_male", "last_names_female")
_NAME = re.compile(r"[a-z][a-z'-]*[a-z]")

# Words that are never a person's name in English running speech, whatever a name list says ("An" and
# "My" are Vietnamese names; "Said" is Arabic): pronouns, articles, prepositions, auxiliaries.
FUNCTION_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she should
    so some such than that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why with would you
    your yours yourself yourselves yeah yes ok okay um uh like said says say saying go goes went gone
    get got gets let lets thing things stuff really actually also even still well oh hey hi please
    sorry thanks thank among upon via per vs us also ever else""".split()
)


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without accents or tone marks: "José" -> "jose", "Nguyễn" -> "nguyen"."""
    decomposed = unicodedata.normalize("NFKD", word.replace("đ", "d").replace("Đ", "D"))
    return decomposed.encode("ascii", "ignore").decode().lower()


def _clean(names: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for name in names:
        for part in fold(name).split():
            if _NAME.fullmatch(part) and part not in FUNCTION_WORDS:
                out.add(part)
    return out


def _faker_names(attributes: tuple[str, ...]) -> set[str]:
    names: set[str] = set()
    for locale in FAKER_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in attributes:
            value = getattr(provider, attribute, ())
            if isinstance(value, dict | list | tuple):  # some locales define these as properties
                names |= _clean(value)
    return names


def _read_words(path: Path) -> tuple[set[str], set[str]]:
    """The words of a list file, and the words it takes out ("-man"); "#" starts a comment."""
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        words += line.split("#", 1)[0].split()
    return _clean(w for w in words if not w.startswith("-")), _clean(
        w[1:] for w in words if w.startswith("-")
    )


def _read_list(path: Path) -> set[str]:
    added, removed = _read_words(path)
    return added - removed


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """First names, nicknames and short forms, lower case."""
    added, removed = _read_words(EXTRA_FILE)
    return frozenset((_faker_names(_GIVEN_ATTRIBUTES) | added) - removed)


@functools.lru_cache(maxsize=1)
def family_names() -> frozenset[str]:
    """Family names, lower case (used on their own in speech: "Okafor was on", "ask Nguyen")."""
    _, removed = _read_words(EXTRA_FILE)
    return frozenset(_faker_names(_FAMILY_ATTRIBUTES) - given_names() - removed)


@functools.lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    """Names that are also English words: flagged only where the context says a person is meant."""
    return frozenset(_read_list(NAME_WORDS_FILE)) | FUNCTION_WORDS


@functools.lru_cache(maxsize=1)
def not_people() -> frozenset[str]:
    """Capitalised words of staff talk that are not people: places, brands, medicines (the list file),
    and the words of Faker's countries, US states, Canadian provinces, Australian states and British
    counties that are no one's name ("Manitoba", "Kenya"; "Georgia" and "Jordan" stay names)."""
    places = _faker_places() - given_names() - family_names()
    return frozenset(_read_list(NOT_PEOPLE_FILE) | places)


# Real place names in Faker's address providers (the same pinned package as the name lists).
_PLACE_LISTS = (
    ("en", "countries"),
    ("en_US", "states"),
    ("en_CA", "provinces"),
    ("en_AU", "states"),
    ("en_GB", "counties"),
    ("en_IE", "counties"),
)


def _faker_places() -> set[str]:
    places: set[str] = set()
    for locale, attribute in _PLACE_LISTS:
        provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        value = getattr(provider, attribute, ())
        if isinstance(value, dict | list | tuple):
            places |= _clean(value)
    return places


def is_known_name(word: str) -> bool:
    lower = fold(word)
    return lower in given_names() or lower in family_names()


def is_name_word(word: str) -> bool:
    """A name that is also an everyday word, or too short to tell (two letters: "Jo", "Al", "Li")."""
    lower = fold(word)
    return lower in name_words() or len(lower) <= 2


def write_name_words(dictionary: str = "/usr/share/dict/american-english-small") -> int:
    """Regenerate data/name-words.txt: the listed names that a word list has as lower-case words.

    A development step, run after changing FAKER_LOCALES or the extra list (Debian: `apt-get install
    wamerican-small`, SCOWL size 35). Lines of the file after the marker are kept, so words
    added by hand survive.
    """
    words = {w.strip().removesuffix("'s") for w in Path(dictionary).read_text(encoding="utf-8").split()}
    lower = {w for w in words if w.islower()}
    given_names.cache_clear()
    found = sorted((_faker_names(_GIVEN_ATTRIBUTES + _FAMILY_ATTRIBUTES) | _read_list(EXTRA_FILE)) & lower)
    marker = "# Added by hand"
    old = NAME_WORDS_FILE.read_text(encoding="utf-8") if NAME_WORDS_FILE.exists() else ""
    kept = old[old.index(marker) :] if marker in old else f"{marker}\n"
    header = (
        "# Names that are also everyday English words: flagged only with a naming context.\n"
        "# Generated by upstream.listening.namelists.write_name_words() from the name lists and SCOWL's\n"
        "# size-35 American English word list (Debian wamerican-small; Kevin Atkinson, free to use,\n"
        "# copy and distribute).\n"
    )
    lines = [" ".join(found[i : i + 16]) for i in range(0, len(found), 16)]
    NAME_WORDS_FILE.write_text(header + "\n".join(lines) + "\n" + kept, encoding="utf-8")
    name_words.cache_clear()
    return len(found)


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English words that are no one's name in the lists ("death", "radio", "counsel"):
    a capitalised one mid-sentence is a title or a heading, and a word not among them after a first
    name ("dan donoho") is likely a family name."""
    lines = ENGLISH_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_english_word(word: str) -> bool:
    return fold(word) in english_words()


def is_family_name(word: str) -> bool:
    return fold(word) in family_names()


_ENGLISH_HEADER = (
    "# English words that are no one's name in the name lists, one a line.\n"
    "# Generated by upstream.listening.namelists.write_english_words() from SCOWL's size-35 American\n"
    "# English word list (Debian wamerican-small; Kevin Atkinson, free to use, copy and distribute),\n"
    "# less every given and family name the detector knows. Do not edit by hand: regenerate.\n"
)


def write_english_words(dictionary: str = "/usr/share/dict/american-english-small") -> int:
    """Regenerate data/english-words.txt (a development step, like write_name_words)."""
    words = {w.strip().removesuffix("'s") for w in Path(dictionary).read_text(encoding="utf-8").split()}
    given_names.cache_clear()
    family_names.cache_clear()
    names = given_names() | family_names()
    found = sorted(w for w in words if w.isalpha() and w.islower() and w.isascii() and w not in names)
    ENGLISH_WORDS_FILE.write_text(_ENGLISH_HEADER + "\n".join(found) + "\n", encoding="utf-8")
    english_words.cache_clear()
    return len(found)
