"""Phrase and pattern rules for first-person crisis language.

Rules catch explicit wording with near-certainty; paraphrase is left to the embedding model in
crisis.py. Every pattern is written for the writer's own voice ("I", "me", "my"): third-person talk
(a patient's attempt, a colleague who died) does not match because the subject differs, and
reported speech in quotes is removed before matching. Idioms ("this job is killing me", "I could
kill for a coffee") are stripped first so they cannot trip a broader pattern. A negation directly
before a phrase ("I'm not suicidal", "I'd never hurt myself") cancels that phrase only: the rest of
the text is still checked, because "I'm not suicidal but I wouldn't mind not waking up" must fire.
"""

# ruff: noqa: E501 -- each pattern stays on one line so it can be read and diffed as a unit.
from __future__ import annotations

import re

SELF = r"(?:i|i'm|im|i've|ive|i'd|id|i'll)"
ADV = r"(?:\s+(?:just|really|honestly|sometimes|often|actually|kind of|kinda|seriously|almost|still|even|genuinely))*"

# Each pattern describes the writer's own ideation, plan, self-harm or farewell.
CRISIS_PATTERNS: dict[str, str] = {
    "kill_self": r"\b(?:kill|killing|killed|off|offing|hang|hanging|shoot|shooting|poison|poisoning|drown|drowning)\s+myself\b",
    "end_life": r"\b(?:end|ending|take|taking|took)\s+my\s+(?:own\s+)?life\b",
    "suicidal_self": rf"\b{SELF}{ADV}\s+(?:am|was|feel|felt|been|have been|get|getting|become|becoming|feeling)?{ADV}\s*suicidal\b",
    "suicidal_thoughts": r"\b(?:my|having|had|have|get|getting|been having)\s+(?:\w+\s+){0,2}(?:suicidal\s+(?:thoughts|ideation|feelings)|thoughts\s+of\s+(?:suicide|dying|death|killing myself|ending it))\b",
    "want_die": rf"\b{SELF}{ADV}\s+(?:want|wanted|wanna|wish|wished|would like|am ready|'m ready|hope)\s+(?:to\s+)?(?:die|be dead|not\s+(?:be\s+)?(?:alive|here|exist|wake up))\b",
    "wish_dead": rf"\b{SELF}{ADV}\s+wish\s+(?:i\s+)?(?:was|were|could be)\s+dead\b|\bwish\s+i\s+(?:could\s+)?(?:just\s+)?(?:disappear forever|never wake up|wouldn'?t wake up|didn'?t wake up|not wake up)\b",
    "not_want_live": rf"\b{SELF}{ADV}\s+(?:don'?t|do not|no longer|didn'?t)\s+(?:really\s+)?(?:want|wanna|care)\s+(?:to\s+)?(?:live|be alive|be here|exist|wake up|go on|keep living|keep going|survive)\b",
    "not_waking": r"\b(?:wouldn'?t|would not|won'?t|will not|don'?t|do not)\s+mind\s+(?:if\s+i\s+)?(?:not waking up|never waking up|never woke up|never wake up|didn'?t wake up|don'?t wake up|dying|died|not being here|not being alive|not existing)\b",
    "better_off": r"\b(?:better\s+off|easier)\s+(?:if\s+i\s+(?:was|were|wasn'?t|weren'?t|didn'?t|just|died|disappeared|was gone|were gone)|without\s+me|with(?:out)?\s+me\s+gone|if\s+i'?m\s+gone)\b",
    "better_off_dead": r"\b(?:i'?d|i would|i'?m|i am)\s+(?:be\s+)?better\s+off\s+dead\b",
    "no_reason_live": r"\b(?:no|any|nothing(?:\s+left)?)\s+(?:reason|point|purpose)\s+(?:to|in|for)\s+(?:live|living|go on|going on|keep going|being alive|being here|me)\b|\bnothing\s+(?:left\s+)?to\s+live\s+for\b",
    "ending_it": rf"\b{SELF}{ADV}\s+(?:been\s+|keep\s+|am\s+|'m\s+)?(?:thinking|think|thought|dream|dreaming)\s+(?:about|of)\s+(?:ending\s+(?:it|it all|things|everything|my life)|suicide|dying|death|not\s+(?:being|existing|waking)|taking my|my own funeral)\b",
    "end_it_all": r"\b(?:end|ending)\s+it\s+all\b|\bmake\s+it\s+all\s+stop\s+for\s+good\b",
    "have_plan": r"\b(?:i\s+have|i've\s+got|ive\s+got|i\s+made|i've\s+made|i\s+wrote(?:\s+down)?|i've\s+written)\s+a\s+plan\b(?!\s+(?:for|to\s+(?:fix|improve|address|talk|meet|change|get|ask|bring|raise|present|propose|cover|leave|quit|transfer|move|apply|go|start|finish|catch)))",
    "means": r"\b(?:saving|stockpiling|hoarding|collecting|saved|stockpiled)\s+(?:up\s+)?(?:my\s+|some\s+|the\s+)?(?:pills|meds|medications?|tablets|vials?)\b|\b(?:picked|chose|chosen|set)\s+a\s+date\b",
    "overdose_self": rf"\b{SELF}{ADV}\s+(?:want to|could|might|will|think about|thought about|would)\s+(?:just\s+)?(?:overdose|od|jump|crash (?:my car|into))\b",
    "self_harm": rf"\b{SELF}{ADV}\s+(?:have\s+been\s+|ve\s+been\s+|'ve\s+been\s+|been\s+|started\s+|keep\s+|am\s+|'m\s+)?(?:cut|cutting|burn|burning|hurt|hurting|harm|harming|hit|hitting|scratch|scratching)\s+(?:myself|my\s+(?:arms?|legs?|wrists?|skin|thighs?|head))\b|\bself[- ]?harm(?:ing)?\b",
    "hurting_self_again": r"\b(?:started|start|stop|stopped|keep|been)\s+(?:hurting|cutting|harming|burning)\s+myself\b|\bhurt\s+myself\s+on\s+purpose\b",
    "farewell": r"\b(?:this is|these are)\s+(?:my\s+)?(?:last|final)\s+(?:message|note|words|thing i'?ll write)\b|\b(?:suicide|goodbye)\s+(?:note|letter)\b|\bi'?ve\s+written\s+(?:my\s+)?(?:letters|a letter|goodbye)\b|\bgiven away my\b",
    "wont_be_around": rf"\b{SELF}{ADV}\s+(?:won'?t|will not|don'?t think i'?ll|may not|might not)\s+be\s+(?:around|here|alive)\s+(?:for\s+)?(?:much longer|long|anymore|next year|by then|for it)\b",
    "burden": rf"\b{SELF}{ADV}\s*(?:am|'m|m|feel like i'?m|feel like a)\s+(?:\w+\s+)?burden\s+to\b",
    "drive_into": r"\b(?:drive|driving|drove|drift|drifting|swerve|swerving|steer|steering)\s+(?:my car\s+)?(?:into|off|in front of)\s+(?:a|the|oncoming|another)\s+(?:\w+\s+)?(?:tree|wall|bridge|traffic|lane|truck|road|cliff|overpass)\b",
    "not_wake": r"\b(?:hop(?:e|ing)|wish(?:ing)?|pray(?:ing)?)\s+(?:that\s+)?i\s+(?:won'?t|don'?t|wouldn'?t|never|do not|will not)\s+(?:\w+\s+){0,2}(?:wake up|have to (?:do|face|live) (?:another|one more)|come back|see (?:another|tomorrow))\b",
    "want_over": r"\b(?:i\s+)?(?:want|need|wish)\s+(?:it|everything|this|things|the pain|my life)\s+(?:all\s+)?to\s+(?:be over|end|stop)\s+(?:for good|forever|permanently)\b|\bi want it to be over\b|\bmy life\b[^.]{0,20}\bover\b",
    "point_of_me": r"\bwhat'?s\s+the\s+point\s+of\s+(?:me|my life|living|going on|being alive)\b|\b(?:run|ran)\s+out\s+of\s+hope\b|\b(?:nothing|anything)\s+(?:left\s+)?to\s+live\s+for\b",
    "stop_existing": r"\b(?:stop|not|quit)\s+existing\b|\bmy own funeral\b|\btoo tired to (?:want to )?(?:live|survive|go on|keep going)\b|\bkeep living like this\b",
    "harm_on_purpose": r"\b(?:on purpose|deliberately|intentionally)\b[^.]{0,60}\b(?:pills|insulin|overdose|hurt|harm|bleed|cut|burn)\b|\b(?:pills|insulin|overdose|hurt|harm|bleed|cut|burn)\w*\b[^.]{0,60}\b(?:on purpose|deliberately|intentionally)\b|\bthe cuts\b|\buntil\s+(?:my\s+\w+|it|they)\s+bleeds?\b",
    "goodbye": r"\bgoodbye\s+to\s+(?:everyone|everybody|all|whoever|you all)\b|\b(?:last|final)\s+(?:thing|message|note)\s+i'?ll\s+(?:ever\s+)?(?:write|say|send)\b|\b(?:updated|wrote|made)\s+my\s+will\b|\bi\s+won'?t\s+(?:be back|need (?:them|it|those)|be needing)\b|\bbefore\s+i\s+go\b[^.]{0,40}\b(?:thank|sorry|love)|\b(?:thank|sorry|love)[^.]{0,40}\bbefore\s+i\s+go\b",
    "worth_living": r"\b(?:life|it|living)\s+(?:is\s*n'?t|is not|isn'?t|not)\s+worth\s+(?:living|it anymore)\b|\btired of (?:being alive|living|existing)\b|\b(?:sleep|go to sleep)\s+and\s+(?:never|not)\s+wake\s+up\b",
    "wish_harm": r"\b(?:wish|wished|hope|hoping|hoped)\b[^.]{0,40}\b(?:would hit me|hit me|kill me|would go down|stop on its own|never have to come back)\b",
    "thoughts_of": r"\bthoughts\s+of\s+(?:suicide|killing myself|ending (?:it|my life)|dying)\b",
    "not_missed": r"\b(?:no ?one|nobody|no-one)\s+would\s+(?:miss|notice|care)\b[^.]{0,20}\bif\s+i\s+(?:was gone|were gone|disappeared|died|was dead|wasn'?t here|weren'?t here)\b",
    "no_way_out": r"\bno\s+(?:other\s+)?way\s+out\b[^.]{0,20}\b(?:except|but|than)\s+(?:dying|death|to die)\b|\bsorry\s+for\s+what\s+i'?m\s+(?:about|going)\s+to\s+do\b|\bhow\s+(?:i\s+would|i'?d)\s+do\s+it\b|\btak(?:e|ing)\s+all\s+(?:my|the|of my)\s+(?:pills|meds|medications?)\b",
    "no_future": r"\b(?:don'?t|can'?t|do not|cannot)\s+see\s+(?:a|any)\s+future\s+for\s+(?:me|myself)\b",
    # Added after the November 2026 review: chat-style first person with the "I" left out, and a few
    # unambiguous phrasings the patterns above missed.
    "elided_self_harm": r"(?:^|[.!?;]\s*)(?:hurt|cut|burned|harmed)\s+myself\b|\b(?:started|start|been|am|i'm|im)\s+cutting\s+again\b",
    "want_end_it": r"\b(?:want|wants|wanna|going|ready)\s+to\s+(?:just\s+)?end\s+it\b(?!\s+with\b)",
    "said_goodbyes": r"\b(?:said|say|saying)\s+my\s+goodbyes\b",
    "reasons_to_live": r"\b(?:running|ran|run)\s+out\s+of\s+reasons\s+to\s+(?:live|go on|keep going|be here|stay alive)\b",
    "means_differently": r"\b(?:look|looking|looked|see|seeing|think|thinking)\s+(?:at|about)\s+(?:the\s+|my\s+|our\s+)?(?:meds|pills|vials|medications?|insulin|drugs|narcs|pyxis|omnicell)\b[^.]{0,40}\bdifferently\b",
    "means_access": r"\b(?:what|exactly what)\s+i'?d\s+(?:take|use)\b|\bhow\s+to\s+do\s+it\b|\b(?:bought|got|have)\s+(?:a|the)\s+(?:gun|rope)\b|\bable\s+to\s+stop\s+myself\b|\beverything\s+i'?d\s+need\b",
}

# Idioms and hyperbole that use crisis words about something else; removed before matching.
IDIOMS = [
    r"\b(?:is|are|was|were|'s|been|be)\s+(?:literally\s+|slowly\s+|actually\s+)?killing\s+(?:me|us)\b",
    r"\bkill\s+(?:for|someone|somebody)\b|\b(?:murder|kill)\s+(?:a|for a)\s+(?:coffee|drink|nap|beer|burger)\b",
    r"\b(?:dying|die)\s+(?:for|to)\s+(?:a|an|the|get|go|see|try|know|hear|sit)\b",
    r"\bdie\s+on\s+this\s+hill\b|\bdied\s+laughing\b|\bdie\s+of\s+(?:embarrassment|shame|boredom)\b",
    r"\bdead\s+(?:on\s+my\s+feet|tired|serious|set|wrong|last|end)\b|\bcareer\s+suicide\b",
    r"\bkill\s+me\s+now\b|\b(?:honestly\s+)?kill\s+me,",
]

NEGATIONS = re.compile(
    r"\b(?:not|never|no|n't|nt|don't|dont|wouldn't|won't|isn't|am not|i'm not|im not|no longer|nothing like)\s+"
    r"(?:\w+\s+){0,3}$"
    r"|\b(?:don't|dont|do not|never|no)\s+(?:have|had|get)?\s*(?:any\s+)?(?:thoughts|urges|history|plans?)\s+(?:of|to|about)\s+$"
)
QUOTED_SPEECH = re.compile(
    r"\b(?:he|she|they|patient|pt|mom|dad|mother|father|wife|husband|son|daughter|family|someone|colleague)"
    r"\s+(?:said|says|told me|tells me|yelled|screamed|stated|keeps saying|kept saying|wrote)[,:]?\s*"
    r"[\"“'‘][^\"”'’]*[\"”'’]"
)
_COMPILED = {name: re.compile(p) for name, p in CRISIS_PATTERNS.items()}
# One pass over all patterns at once: most texts match none, and this is ~3x cheaper than 40 scans.
_ANY = re.compile("|".join(f"(?:{p})" for p in CRISIS_PATTERNS.values()))
_REPORTING_VERBS = ("said", "says", "told", "tells", "yelled", "screamed", "stated", "saying", "wrote")
_IDIOMS = [re.compile(p) for p in IDIOMS]


def normalise(text: str) -> str:
    text = (text or "").lower().replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text)


def strip_non_self(text: str) -> str:
    """Remove quoted speech by others and idioms, which use crisis words about something else."""
    if any(verb in text for verb in _REPORTING_VERBS):
        text = QUOTED_SPEECH.sub(" ", text)
    for idiom in _IDIOMS:
        text = idiom.sub(" ", text)
    return text


def _negated(text: str, start: int) -> bool:
    """True when a negation sits within a few words before ``start`` in the same clause."""
    clause = re.split(r"[.!?;,]|\bbut\b", text[:start])[-1]
    return bool(NEGATIONS.search(clause + " ")) if clause.strip() else False


# Only these phrases are cancelled by a negation just before them ("I'm not suicidal", "I'd never
# hurt myself"). The others carry their own negation ("I don't want to live") or mean the same
# whatever precedes them, so a nearby "not" must not silence them.
NEGATABLE = {
    "kill_self",
    "end_life",
    "suicidal_self",
    "suicidal_thoughts",
    "want_die",
    "ending_it",
    "self_harm",
    "hurting_self_again",
    "overdose_self",
    "thoughts_of",
    "have_plan",
    "burden",
    "end_it_all",
    "elided_self_harm",
    "want_end_it",
}


def rule_matches(text: str) -> list[str]:
    """Names of the crisis patterns that fire on ``text`` (empty when none do)."""
    cleaned = strip_non_self(normalise(text))
    if not _ANY.search(cleaned):
        return []
    fired = []
    for name, pattern in _COMPILED.items():
        for match in pattern.finditer(cleaned):
            if name not in NEGATABLE or not _negated(cleaned, match.start()):
                fired.append(name)
                break
    return fired
