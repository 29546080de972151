"""Find names in a transcript and redact them before anything is stored.

Flagging errs toward over-flagging: the person uploading reviews every candidate and can untick
the ones that are not names, while a missed name would be stored for good. A word is flagged when:

- it follows a title: "Dr. Patel", "dr patel", "Nurse Jo", "Doc Sam", "Ate Joy";
- it is capitalised in the middle of a sentence and is not a role, calendar, everyday, theme or unit
  word, a place, an office ("Governor"), part of an institution's name ("Brown University"), or an
  English word unless it follows a name ("On Death and Dying" is not flagged, "Mike Gravel" is);
- it is a known given or family name (namelists.py), in any case and anywhere: "maria", "Priya's";
- it is a known name that is also an everyday word ("Will", "Hope", "Grace", "Mark") and the context
  says a person is meant: "told will", "Grace said", "Will is on nights", "Rose and Lily", "Hope's";
- it starts a sentence, is capitalised and someone is reported speaking: "Hartwell said", or it is
  possessive or beside another name: "Pradeep's wife", "Gurpreet and Simran";
- it is in lower case, in no list, and the subject or object of speech: "so meenakshi said", "told bukola",
  or a family name (or no English word) after a first name: "josie fisher", "dan donoho".

Measured recall and precision, and what is still missed: docs/listening.md ("How well name detection
works"); the labelled sets are in tests/data/.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from upstream.concerns.titles import TITLES
from upstream.listening.namelists import (
    FUNCTION_WORDS,
    fold,
    given_names,
    is_english_word,
    is_family_name,
    is_known_name,
    is_name_word,
    not_people,
)
from upstream.listening.transcripts import ParsedTurn, name_words_in_label
from upstream.listening.words import ROLE_WORDS, is_not_a_name

REDACTED = "[name]"
_TITLE = re.compile(r"^(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.?\s+", re.IGNORECASE)
# Letters of any script, with inner apostrophes and hyphens ("O'Neil", "Mary-Jane", "Maria's").
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CONTRACTION = re.compile(r"(?:n['’]t|['’](?:m|ve|d|ll|re))$", re.IGNORECASE)  # isn't, I'm, we've
# A capitalised word after these starts a sentence (or a quote), so capitals say nothing there.
_SENTENCE_ENDS = frozenset(".!?:;\"“”‘’'(…—–-")
_REPEATED = re.compile(r"\[name\](?:\s+\[name\])+")

# Titles after which any word that is not an everyday word is a name ("Dr. Hartwell", "dr okafor").
STRONG_TITLES = frozenset("dr doc mr mrs ms mx prof professor".split())
# Offices and honours said before a name in hearings, council meetings and radio ("Governor Healey",
# "Senator Eldridge", "Lady Glockenflecken"): titles there, and never a name themselves.
OFFICE_TITLES = frozenset(
    "governor senator representative rep mayor president chairman chairwoman chairperson councilman "
    "councilwoman councillor councilor councilmember commissioner secretary minister judge justice lord "
    "lady queen king prince princess dame officer sergeant sgt captain inspector detective lieutenant "
    "bishop reverend rev rabbi imam superintendent supervisor assemblymember".split()
)
# Every title: never a name itself, unless a family name after a first name or a title ("Dr. King").
TITLE_WORDS = OFFICE_TITLES | STRONG_TITLES
# Words that are titles before a name and ordinary words elsewhere ("the nurse said", "I ate"): the
# next word counts when it is capitalised or a known name ("Nurse Kelly", "nurse jo", "Ate Joy").
SOFT_TITLES = OFFICE_TITLES | frozenset(
    "nurse doctor sister brother father pastor chaplain coach aunt auntie aunty uncle chief miss sir "
    "madam tita tito ate kuya manang manong alhaji hajiya mallam mama papa nana dean".split()
)
# The last word of an institution's name: the capitalised words just before it name the place, not a
# person ("Brown University", "Carney Hospital", "St. Mary's Hospital", "Royal Army Medical Corps").
INSTITUTION_HEADS = frozenset(
    "university hospital hospitals college school clinic clinics center centre institute association "
    "inquiry council committee corps foundation society union trust department board library museum "
    "church court commission agency authority academy infirmary memorial health healthcare medicine "
    "valley county city airport station army navy".split()
)
# The first word of a place named after a saint or in Spanish: what follows names the place.
PLACE_PREFIXES = frozenset("st saint san santa santo los las".split())
# Short words with a full stop that sit inside an institution's name ("St. Mary's", "Mt. Sinai").
_NAME_ABBREVIATIONS = frozenset("st mt ft".split())
# Before a name that is also a word, these say a person is meant: "told will", "ask grace".
ADDRESSED_BY = frozenset(
    "told tell tells telling ask asked asks asking thank thanked thanks paged texted emailed "
    "messaged pinged called named".split()
)
# After a name: someone reported speaking or acting. The strong ones are enough even in lower case.
REPORTED_STRONG = frozenset(
    "said says told tells asked asks texted called yelled screamed cried shouted goes quit covered "
    "replied answered emailed messaged paged".split()
)
REPORTED = REPORTED_STRONG | frozenset(
    "is was has had does did thinks thought knows knew wants wanted works worked came went left got gets "
    "picked started stayed always never just kept keeps used will would can could from in on".split()
)
# Exclamations, not someone addressed: "Jesus, what a night", "thank goodness".
EXCLAMATIONS = frozenset("jesus christ god lord gosh goodness heavens man boy dude honey baby girl".split())
# Bare nouns that stand where a name would ("management said", "told everyone"): never flagged.
COLLECTIVES = frozenset(
    "management administration admin leadership security staffing everyone everybody someone somebody "
    "nobody anybody anyone people staff family families patients patient mom dad mum husband wife "
    "partner kids kid daughter son sister brother friends friend corporate hr it pharmacy lab radiology "
    "transport dietary housekeeping scheduling registration billing legal compliance risk quality "
    "infection nursing medicine surgery ortho cardiology neuro peds psych ob gyn icu ed er or pacu "
    "they'd yours whoever somebody's myself himself herself".split()
)
# Words that follow "told" or come before "said" and are not people.
NOT_OBJECTS = frozenset(
    "something everything nothing anything tonight today tomorrow yesterday whether about again also "
    "once twice ever never already still even just always often then there here back off out up over "
    "address mine yours ours hers theirs".split()
)
# Before a caption-case subject ("so meenakshi said"): the start of a clause.
CLAUSE_STARTS = frozenset("and so but then um uh like yeah because cause when if or and that".split()) | {""}
# Before a word, these make it a thing, not a person: "my son's game", "a day's pay", "the call bell".
DETERMINERS = frozenset(
    "a an the my your his her our their its this that these those every each some any no one whole "
    "another other such what which".split()
)
CALENDAR = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


@dataclass(frozen=True)
class _Token:
    start: int  # of the word without a possessive "'s"
    end: int
    word: str
    lower: str  # folded: lower case, no accents
    possessive: bool
    initial: bool  # starts a sentence, so a capital says nothing
    next_char: str  # the first non-space character after the token ("," for a vocative)

    @property
    def capitalised(self) -> bool:
        return self.word[:1].isupper() and not (len(self.word) > 1 and self.word.isupper())

    @property
    def shouted(self) -> bool:
        return len(self.word) > 2 and self.word.isupper()


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        possessive = len(word) > 2 and word[-1] in "sS" and word[-2] in "'’"
        if possessive:
            word = word[:-2]
        j = match.start() - 1
        while j >= 0 and text[j].isspace():
            j -= 1
        previous = text[j] if j >= 0 else ""
        title_before = previous == "." and bool(tokens) and tokens[-1].lower in STRONG_TITLES
        initial = not previous or (previous in _SENTENCE_ENDS and not title_before)
        after = text[match.end() : match.end() + 3].lstrip()
        end = match.start() + len(word)
        tokens.append(_Token(match.start(), end, word, fold(word), possessive, initial, after[:1]))
    return tokens


def _everyday(token: _Token) -> bool:
    """Function, role, calendar, everyday and theme words, their plurals ("Fridays"), acronyms ("CNAs"),
    and places, brands and medicines that come up in staff talk ("Ohio", "Starbucks", "Lexapro")."""
    return _everyday_word(token.word, token.lower)


@functools.lru_cache(maxsize=65536)
def _everyday_word(word: str, lower: str) -> bool:
    """`_everyday` for a word, remembered: it reads only the fixed word lists, and a long transcript
    asks it twice for each of its 460,000 words."""
    plural = word[:-1] if len(word) >= 3 and word.endswith("s") else ""
    if lower in FUNCTION_WORDS or is_not_a_name(word) or lower in not_people():
        return True
    if _CONTRACTION.search(word):
        return True
    return bool(plural) and (plural.isupper() or is_not_a_name(plural))


def _after_title(tokens: Sequence[_Token], i: int) -> bool:
    if i == 0:
        return False
    title, token = tokens[i - 1], tokens[i]
    if title.possessive or token.initial or (_everyday(token) and not is_known_name(token.word)):
        return False
    if title.lower in STRONG_TITLES:
        return not _everyday(token) or token.capitalised  # "Dr. May", but not "the dr said"
    if title.lower in OFFICE_TITLES and not is_english_word(token.word) and token.lower not in FUNCTION_WORDS:
        return True  # captions: "commissioner giraudo", "secretary morewitz"
    return title.lower in SOFT_TITLES and (token.capitalised or is_known_name(token.word))


def _in_naming_context(tokens: Sequence[_Token], i: int, flagged: set[int], *, broad: bool) -> bool:
    """Whether the words around a name that is also a word say a person is meant."""
    token = tokens[i]
    before = tokens[i - 1] if i > 0 and not token.initial else None
    after = tokens[i + 1] if i + 1 < len(tokens) and token.next_char.isalpha() else None
    if before is not None and before.lower in DETERMINERS:
        return False  # "my son's", "a day's pay", "the grace period"
    vocative = token.capitalised and token.initial and token.next_char == ","
    if token.lower not in EXCLAMATIONS and (token.possessive or vocative):
        return True  # "Grace's patient", "Grace, can you..."
    if before is not None and before.lower in ADDRESSED_BY and token.lower not in EXCLAMATIONS:
        return True
    if after is not None and after.lower in (REPORTED if broad or token.capitalised else REPORTED_STRONG):
        return True
    if after is not None and token.initial and (token.capitalised or before is None):
        if _past_tense(after) or (after.lower == "from" and not token.capitalised):
            return True  # "Sue retired early", "Grace floated to the ICU", "bob from transport"
    # "Joy and I", "me and grace": a person beside the speaker (lower case only after a small word).
    beside_me = (after is not None and after.lower == "and" and _word(tokens, i + 2) in ("i", "me")) or (
        before is not None and before.lower == "and" and _word(tokens, i - 2) in ("me", "i")
    )
    starts = before is None or before.lower in FUNCTION_WORDS or before.lower == "and"
    if beside_me and (token.capitalised or starts):
        return True
    # "Rose and Lily", "maria and grace", "Li Na": a name beside a name.
    linked = [i - 2] if before is not None and before.lower in ("and", "or") else []
    linked += [i + 2] if after is not None and after.lower in ("and", "or") else []
    if token.capitalised and after is not None and after.capitalised and token.next_char.isalpha():
        linked.append(i + 1)
    # "Sarah Hall", "josie fisher": a family name that is also a word, after a first name.
    if is_family_name(token.word) and _after_name(tokens, i, flagged, given_only=True):
        return True
    return any(j in flagged for j in linked)


def _after_name(tokens: Sequence[_Token], i: int, flagged: set[int], *, given_only: bool = False) -> bool:
    """The word just before, with only a space between and in the same case, is a name: one found
    already or a capitalised first name ("Mike Gravel", "Ed Stern"), or with `given_only` a known
    first name found already ("dan donoho")."""
    if i == 0 or tokens[i].initial:
        return False
    before = tokens[i - 1]
    if before.possessive or not before.next_char.isalpha() or before.capitalised != tokens[i].capitalised:
        return False  # "layla's preceptor": what follows a possessive is hers, not her family name
    first_name = fold(before.word) in given_names()
    if given_only:
        return (i - 1) in flagged and first_name
    return (i - 1) in flagged or (before.capitalised and first_name)


def _introduced(tokens: Sequence[_Token], i: int) -> bool:
    """The word right after "name is" or "name's", as people introduce themselves on a recording."""
    if i == 0 or tokens[i].initial:
        return False
    before = tokens[i - 1]
    if before.lower == "name" and before.possessive:
        return True
    return before.lower == "is" and _word(tokens, i - 2) == "name"


def _word(tokens: Sequence[_Token], i: int) -> str:
    return tokens[i].lower if 0 <= i < len(tokens) else ""


def _past_tense(token: _Token) -> bool:
    return token.word.islower() and len(token.word) > 4 and token.word.endswith("ed")


def _is_name(tokens: Sequence[_Token], i: int, flagged: set[int], known: frozenset[str]) -> bool:
    token = tokens[i]
    lower = token.lower
    if len(lower) < 2 or lower in known or lower in ROLE_WORDS:
        return False
    if _introduced(tokens, i) and lower not in FUNCTION_WORDS and not is_not_a_name(token.word):
        return True  # "my name is estelle", "hi, my name's faith hoffmeyer"
    # "the Governor", "Mr Chairman", "Professor Preston": the office, not the person; but "Dr. King"
    # and "Stephen King" are a family name, or "Maria [name]" would leave half of it.
    if lower in TITLE_WORDS and not (
        is_known_name(token.word) and (_after_title(tokens, i) or _after_name(tokens, i, flagged))
    ):
        return False
    if _after_title(tokens, i):
        return True
    if _everyday(token):
        if not is_known_name(token.word) or lower in FUNCTION_WORDS:
            return False
        # "May said", "Jun told me": a month that is also a name needs someone speaking.
        if lower in CALENDAR:
            after = tokens[i + 1].lower if i + 1 < len(tokens) else ""
            return (token.capitalised or token.word.islower()) and after in REPORTED_STRONG
        # "Will is on nights", "Dean said": an everyday word that is also a name, in a naming context.
        return (token.capitalised or token.word.islower()) and _in_naming_context(
            tokens, i, flagged, broad=False
        )
    parts = [fold(p) for p in re.split(r"[-'’]", token.word) if len(p) > 1]
    known_name = is_known_name(token.word) or any(is_known_name(p) and not is_name_word(p) for p in parts)
    if known_name and not is_name_word(token.word):
        return token.capitalised or token.word.islower() or token.shouted
    if token.capitalised and not token.initial:
        # "On Death and Dying", "Public Radio": a word of the language is a heading or a title's word,
        # unless it follows a name as a family name does ("Mike Gravel", "George Washington Corner").
        return not is_english_word(token.word) or _after_name(tokens, i, flagged)
    if known_name:
        return (token.capitalised or token.word.islower()) and _in_naming_context(
            tokens, i, flagged, broad=False
        )
    return _unknown_word_is_name(tokens, i, flagged)


def _unknown_word_is_name(tokens: Sequence[_Token], i: int, flagged: set[int]) -> bool:
    """A word in no list, at the start of a sentence or in lower case: "Hartwell said", "Pradeep's
    wife", "Gurpreet and Simran", "tamara and lakeisha both quit"."""
    token = tokens[i]
    after = tokens[i + 1].lower if i + 1 < len(tokens) and token.next_char.isalpha() else ""
    linked = (after in ("and", "or") and i + 2 in flagged) or (
        i >= 2 and tokens[i - 1].lower in ("and", "or") and i - 2 in flagged
    )
    if token.capitalised and token.initial:
        return after in REPORTED_STRONG or after == "from" or token.possessive or linked
    if not token.word.islower() or len(token.word) < 3 or token.lower in COLLECTIVES:
        return False
    # "dan donoho", "robert pontan": after a first name, a word of no language list is a family name.
    verb_like = token.lower in REPORTED or _past_tense(token) or token.lower.endswith("ing")
    if not (is_english_word(token.word) or verb_like) and _after_name(tokens, i, flagged, given_only=True):
        return True
    if linked:
        following = _word(tokens, i + 1) if after not in ("and", "or") else _word(tokens, i + 3)
        return following in REPORTED or following == "both"
    # Captions without capitals: "told bukola", "so meenakshi said". A bare noun rarely stands
    # there without "the" or "my" ("my mom said"), and the common bare ones are in COLLECTIVES.
    before = _word(tokens, i - 1) if i > 0 and not token.initial else ""
    if token.lower.endswith("ly") or token.lower in NOT_OBJECTS:
        return False
    if before in ADDRESSED_BY and before not in ("named", "called"):
        return True
    return after in REPORTED_STRONG and before in CLAUSE_STARTS


# A turn written in capitals (some machine transcripts and closed captions are) says nothing by its
# case: every word looks like an acronym. Such a turn is read as if it were in lower case.
MOSTLY_CAPITALS = 0.6


def _case_blind(text: str) -> str:
    """The text in lower case, letter for letter, when most of its letters are capitals; else itself.
    Offsets stay valid: a letter whose lower case is longer ("İ") is left as it is."""
    letters = sum(1 for c in text if c.isalpha())
    if letters < 12 or sum(1 for c in text if c.isupper()) < MOSTLY_CAPITALS * letters:
        return text
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def name_tokens(text: str, known: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """(start, end, word) of every word in the text that may be a person's name.

    `known` holds lower-case words that are certainly not people here (unit names). A turn in
    capitals is read in lower case (_case_blind), so its words come back in lower case.
    """
    tokens = _tokens(_case_blind(text))
    flagged: set[int] = set()
    flagged = {i for i in range(len(tokens)) if _is_name(tokens, i, flagged, known)}
    # A second look, near the names found, lets "Rose and Lily" see the name beside it.
    near = {j for i in flagged for j in range(i - 2, i + 3) if 0 <= j < len(tokens)} - flagged
    flagged |= {i for i in near if _is_name(tokens, i, flagged, known)}
    flagged -= _institution_words(tokens) | _place_words(tokens)
    return [(tokens[i].start, tokens[i].end, tokens[i].word) for i in sorted(flagged)]


def _institution_words(tokens: Sequence[_Token]) -> set[int]:
    """The capitalised words just before an institution's last word ("Massachusetts General
    Hospital"), unless a title puts a person among them ("Dr. Brown Hospital" keeps "Brown")."""
    found: set[int] = set()
    for i, token in enumerate(tokens):
        if i == 0 or token.lower not in INSTITUTION_HEADS or not token.word[:1].isupper():
            continue
        if is_known_name(token.word):
            continue  # "Maria Church" is a person: a head that is also a family name says nothing
        if _joined(tokens[i - 1], token) and tokens[i - 1].word[:1].isupper():
            found.add(i)  # the head itself, a word that follows a "name" ("Shela Valley")
        j = i - 1
        while j >= 0 and tokens[j].word[:1].isupper() and _joined(tokens[j], tokens[j + 1]):
            if j > 0 and _after_title(tokens, j):
                break
            found.add(j)
            j -= 1
    return found


def _place_words(tokens: Sequence[_Token]) -> set[int]:
    """A saint's or a Spanish place name is a place: "St. Luke's", "st paul", "San Francisco",
    "los angeles" (the word after the prefix, and the prefix when it was taken for a name)."""
    found: set[int] = set()
    for i, token in enumerate(tokens[:-1]):
        if token.lower in PLACE_PREFIXES and _joined(token, tokens[i + 1]):
            found |= {i, i + 1}
    return found


def _joined(before: _Token, after: _Token) -> bool:
    """Two words of one name: nothing but a space between them, or "St." and its name."""
    if before.next_char.isalpha() and not after.initial:
        return True
    return before.lower in _NAME_ABBREVIATIONS and before.next_char == "."


def capitalised_names(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """The words of the text that may be names, in order (kept for callers of the first version)."""
    return [word for _, _, word in name_tokens(text, known)]


def _bare(name: str) -> str:
    # "Dr. Lopez" is flagged as "Lopez": redacting the name keeps the title, which is a role.
    return _TITLE.sub("", name).strip()


def unit_words() -> frozenset[str]:
    """Words of unit names ("Riverbend", "Northside"): places, not people."""
    from upstream.org.models import Unit

    words: set[str] = set()
    for name in Unit.objects.values_list("name", flat=True):
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", name))
    return frozenset(words)


# Running English prose has about 3 capital letters in 100 (sentence starts, "I", names); automatic
# captions that write everything in lower case have almost none.
FEW_CAPITALS = 0.01


def few_capitals(turns: Sequence[ParsedTurn]) -> bool:
    """Whether the transcript's capitals say nothing: written (almost) without them, as some caption
    services write it, or (almost) all in them, as others do. Names are then found only by the lists
    and the words around them, and more are missed (docs/listening.md: about one in four or five,
    against one in eight to one in twenty-five with capitals)."""
    text = " ".join(turn.text for turn in turns)
    letters = sum(1 for c in text if c.isalpha())
    capitals = sum(1 for c in text if c.isupper())
    return letters >= 200 and (capitals < FEW_CAPITALS * letters or capitals >= MOSTLY_CAPITALS * letters)


LONGEST_NAME = 60


def flag_names(turns: Sequence[ParsedTurn]) -> list[str]:
    """Candidate names, first seen first, one entry per name whatever its case."""
    from upstream.concerns.safety import directory_names, named_people

    known, directory = unit_words(), directory_names()  # once, not a query per turn
    found: list[str] = []
    for turn in turns:
        found += name_words_in_label(turn.label)
        found += [_bare(name) for name in named_people(turn.text, directory)]
        found += capitalised_names(turn.text, known)
    unique: dict[str, str] = {}
    for name in found:
        # A "name" of more than 60 letters is a run of letters, not a person (and each one deepened
        # the redaction's pattern).
        if name and len(name) <= LONGEST_NAME:
            unique.setdefault(fold(name), name)
    return list(unique.values())


def _split(names: Iterable[str]) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    return _split_cached(tuple(sorted(set(names))))


@functools.lru_cache(maxsize=16)
def _split_cached(names: tuple[str, ...]) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    """A pattern for names redacted everywhere, and the names that are also words (context decides).

    A full name is redacted whole and also word by word, so "Maria" alone goes when "Maria Lopez"
    was flagged.
    """
    everywhere: set[str] = set()
    words: set[str] = set()
    for name in {_bare(n.strip()) for n in names if n.strip()}:
        parts = name.split()
        if len(parts) > 1:
            everywhere.add(name)
        for part in parts:
            part = part.strip(".,")
            if len(part) < 2 or (len(parts) > 1 and (_TITLE.match(part + " ") or is_not_a_name(part))):
                continue
            is_word = (is_name_word(part) and len(part) > 2) or fold(part) in FUNCTION_WORDS
            (words if is_word else everywhere).add(part)
    body = _trie(everywhere)
    pattern = re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE) if everywhere else None
    return pattern, frozenset(fold(w) for w in words)


def _trie(names: Iterable[str]) -> str:
    """One pattern for many names, as a tree of their letters: "Robin Quill" and "Robin" become
    `robin(?: quill)?`, the longer tried first. An alternation of every name was tried name by name at
    each letter of the text: a 2 MB transcript with 120,000 flagged names took four minutes to
    redact (found by fuzzing); the tree costs at most a name's length per letter."""
    tree: dict = {}
    for name in names:
        node = tree
        for letter in name.lower():
            node = node.setdefault(letter, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = []
        for letter, child in sorted(node.items()):
            if not letter:
                continue
            run = letter  # a stretch with no choice is one literal: the nesting is the names' branches
            while len(child) == 1 and "" not in child:
                ((following, child),) = child.items()
                run += following
            branches.append(re.escape(run) + pattern(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(tree)


def name_spans(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Where the names occur in the text: everywhere, in any case, for most names; for a name that
    is also a word ("Will", "Hope"), where it is capitalised mid-sentence, after a title, or in a
    naming context ("told will", "Will said"), so "I will" and "we hope" are left alone."""
    pattern, words = _split(names)
    spans = [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern is not None else []
    if words:
        tokens = _tokens(_case_blind(text))
        hits = {i for i, t in enumerate(tokens) if t.lower in words}
        # Neighbours for "Rose and Lily": the other names, wherever they are.
        starts = {start for start, _ in spans}
        others = {i for i, t in enumerate(tokens) if t.start in starts}
        named = {
            i
            for i in hits
            if _after_title(tokens, i)
            or (tokens[i].capitalised and not tokens[i].initial)
            or _in_naming_context(tokens, i, hits | others, broad=True)
        }
        spans += [(tokens[i].start, tokens[i].end) for i in named]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redact(text: str, names: Iterable[str]) -> str:
    """Each occurrence of each name (see name_spans) becomes "[name]"; "Maria [name]" cannot happen
    when "Maria Lopez" was flagged."""
    out: list[str] = []
    position = 0
    for start, end in name_spans(text, names):
        out += [text[position:start], REDACTED]
        position = end
    out.append(text[position:])
    return _REPEATED.sub(REDACTED, "".join(out))


def redact_turns(turns: Sequence[ParsedTurn], names: Iterable[str]) -> list[ParsedTurn]:
    """Redacted text; a label holding a redacted name becomes "Speaker N" so speakers stay distinct."""
    names = list(names)
    renamed: dict[str, str] = {}
    out: list[ParsedTurn] = []
    label_names = {fold(part) for name in names for part in _bare(name).split()}
    for turn in turns:
        label = turn.label
        if label_names & {fold(word) for word in _TOKEN.findall(label)}:
            label = renamed.setdefault(label.lower(), f"Speaker {len(renamed) + 1}")
        out.append(ParsedTurn(turn.role, label, redact(turn.text, names), turn.line))
    return out


def highlight(text: str, names: Iterable[str]) -> list[tuple[str, bool]]:
    """The text as (segment, is_name) pairs, for the review page to mark names without raw HTML."""
    segments: list[tuple[str, bool]] = []
    position = 0
    for start, end in name_spans(text, names):
        segments += [(text[position:start], False), (text[start:end], True)]
        position = end
    segments.append((text[position:], False))
    return [s for s in segments if s[0]]
