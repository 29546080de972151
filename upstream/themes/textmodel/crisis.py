"""Crisis-language detection: phrase rules plus an embedding model, erring toward showing resources.

One decision, made the same way for the writer and for the leader (docs/crisis.md explains it and
its measured figures):

- ``screen(text)``: the request-path check run inside the anonymous submit, the receipt reply and
  the survey comment. The first-person phrase rules of crisis_rules.py (and the Spanish floor of
  crisis_rules_es.py), read sentence by sentence; then the crisis model of the configured backend
  (``onnx-minilm`` by default) on the writer's own text and on each pair of neighbouring sentences
  (``text_parts``), against its floor (``extra["part_threshold"]``, chosen out of fold on the real
  statements by crisis_training.part_floor).
- ``assess_texts`` / ``detect_crisis``: the batch path (classification at release, ``upstream
  classify``). The same decision at batch speed (``batch_part_scores``); int8 batching can move a
  score near the floor a little, and the release keeps the screen's flag whatever the batch says.

The model threshold is raised, not removed, when the text carries a counter-cue the embedding
cannot see: an explicit safety statement ("I'm not suicidal", "I'm safe"), an idiom ("this job is
killing me"), crisis words about someone else (a patient's attempt, a colleague who died), thanks,
or regret for one thing done at work. A very high score still fires, because a false alarm only
shows a list of resources while a miss cannot be called back.

A backend whose crisis model does not read parts (the static ``static-minilm``) keeps the older
decision: the screen's static model on the text and each pair of sentences against
``extra["screen_threshold"]`` (``static_screen_score``), and in the batch path the whole-text
model against ``extra["real_threshold"]`` (``decide``) plus the screen. If no crisis model can be
loaded, nearest-prototype similarity stands in for it.
"""

# ruff: noqa: E501 -- the counter-cue patterns stay on whole lines so they can be read as units.
from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from upstream.themes.textmodel.classifier import ModelLoadError, ThemeModel, load_model, manifests
from upstream.themes.textmodel.crisis_prototypes import NEGATIVE, POSITIVE
from upstream.themes.textmodel.crisis_rules import IDIOMS, normalise, own_text, rule_matches, sentence_spans
from upstream.themes.textmodel.crisis_rules_es import spanish_rule_matches

log = logging.getLogger(__name__)

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data" / "classifier"
CRISIS_PREFIX = "crisis"
# Added to the model threshold when a counter-cue is present (capped below 1 so a near-certain score
# still fires).
COUNTER_CUE_MARGIN = 0.25
MAX_THRESHOLD = 0.95

SAFETY_STATEMENT = re.compile(
    r"\b(?:i'?m|i am|im)\s+(?:not\s+(?:suicidal|depressed|at risk|in (?:any )?danger|going to (?:hurt|do anything|kill))"
    r"|safe\b|fine\b)|\bnot\s+in\s+(?:any\s+)?danger\b|\b(?:i'?d|i would|i will|i'?ll)\s+never\s+(?:hurt|harm|kill)\s+myself\b"
    r"|\bnever\s+(?:had|have)\s+(?:thoughts|ideas)\s+of\b"
    r"|\b(?:don'?t|do not|never)\s+(?:have|had)\s+(?:any\s+)?(?:thoughts|urges|plans?|ideas)\s+(?:of|to|about)\s+(?:self[- ]?harm|suicide|killing|hurting|harming|ending)|\bnot\s+(?:thinking|going)\s+(?:about|to)\s+(?:killing|hurt|harm|kill)"
    # Wanting to live, said outright ("I want to be alive"; "I don't want to live" does not match).
    r"|\bi\s+(?:really\s+|truly\s+|still\s+)?want\s+to\s+(?:live|be alive|stay alive|keep living)\b"
    r"|\b(?:not|never)\s+going\s+to\s+(?:commit suicide|kill myself|end my life|take my (?:own )?life|hurt myself)\b"
    r"|\bi\s+(?:will|'ll|am going to|'m going to)\s+(?:get|make it)\s+through\s+(?:this|it)\b"
    # "I'm not considering ending my life", "I won't hurt myself", "I don't feel suicidal".
    r"|\bnot\s+(?:considering|contemplating|planning)\s+(?:ending|killing|taking|suicide|hurting|harming)\b"
    r"|\bi\s+won'?t\s+(?:ever\s+)?(?:hurt|harm|kill)\s+myself\b|\bbecause\s+i\s+won'?t\s*(?:[.!]|$)"
    r"|\bi\s+(?:don'?t|do not)\s+feel\s+suicidal\b"
)
# Protective statements: gratitude, and "X is the only reason I'm still here" about a job or team.
PROTECTIVE = re.compile(
    r"\b(?:thanks?|thank you|thx|ty|grateful|gratitude|shout ?out|kudos|appreciate\w*)\b"
    r"|\b(?:unit|team|job|people|coworkers|colleagues|crew|department|manager|preceptor|charge nurse|work family|pay|paycheck|pension|loans?)"
    r"\s+(?:is|are|was|were)\s+the\s+only\s+reason\s+i'?m\s+still\s+here\b"
)
# First-person risk vocabulary. A text with none of these words needs the model's higher no-cue
# threshold: "miss my kids" or a thank-you can sit close to crisis texts in embedding space, but
# nearly every crisis text names death, existing, an ending, a means, self-injury or a goodbye.
RISK_CUE = re.compile(
    r"\b(?:die|dies|died|dying|dead|death|deadly|alive|live|living|lives|life|exist\w*|suicid\w*|kill\w*|wake|waking|woke"
    r"|end|ending|ended|over|gone|disappear\w*|around|without me|better off|burden|pills?|meds?|medications?|vials?|dos(?:e|es|ing)"
    r"|insulin|overdos\w*|od|hurt\w*|cut|cuts|cutting|harm\w*|bleed\w*|blood|nails|arms?|wrists?|skin|burn\w*|goodbye\w*|bye|farewell"
    r"|last|final|letters?|note|funeral|peace|relief|relieved|fault|sorry|fighting|give up|giving up|point|future|hope\w*"
    r"|way out|tonight|plan\w*|date|gave|giving away|ready|miss me|notic\w*|anymore|ever again|forever|for good|sleep|asleep"
    r"|tired of|can'?t go on|go on|keep going|stop|stopped|rope|bridge|lane|traffic|bus|car|drive|driving|gun|rope|jump\w*"
    r"|edge|nothing left|nobody would|no one would|world|everyone would|myself|worthless|empty|numb|dark|darkness|trapped|escape"
    r"|fatal|crash\w*|accident|insurance|access|thought it through|how (?:to|i would|i'?d) do it|what i'?d (?:take|use)|how much"
    r"|other side|grey|gray|ghost|official|envelope|passwords?|before i go|won'?t be back|won'?t need|cancell?ed|be here|still here"
    r"|much longer|come back|never have to|jealous|see after|calm)\b"
)
OTHERS_CRISIS = re.compile(
    r"\b(?:patient|pt|colleague|resident|nurse|doctor|physician|pharmacist|teen(?:ager)?|veteran|visitor|friend|he|she|they"
    r"|mom|dad|mother|father|son|daughter)\b[^.]{0,60}\b(?:suicid\w*|overdos\w*|kill (?:him|her|them)sel\w+|took (?:his|her|their) (?:own )?life|died|attempt\w*)"
    r"|\bsuicide\s+(?:prevention|screening|risk|awareness|training|module|attempts?)\b|\bscreen\w*\s+for\s+suicide\b"
)
# Blame for one thing done at work ("I hate myself for missing that lab value") is regret, not the
# self-hatred that goes with despair; the model cannot tell them apart.
REGRET = re.compile(
    r"\bhate\s+myself\s+for\s+(?:missing|forgetting|not|being late|making|getting|letting|saying|that|the|this)\b"
)
_IDIOMS = [re.compile(p) for p in IDIOMS]
# Everyday events that look like a plan or a farewell: an accidental overdose, moving house, fear
# of driving over a bridge, falling asleep at the wheel after a night shift. They raise the model's
# threshold like the other counter-cues; a rule still fires.
EVERYDAY = re.compile(
    r"\baccident(?:al)?ly\s+(?:overdos\w*|took too many|mixed|double[- ]?dosed)|\baccidental\s+overdose\b"
    r"|\b(?:moving|packing|packed|move|moved)\b[^.]{0,40}\b(?:apartment|house|boxes|country|city|state|abroad|truck|new place)\b|\bmoving day\b|\bgarage sale\b"
    r"|\b(?:afraid|scared|terrified|fear)\s+of\s+(?:heights|bridges|driving|flying|crashing)\b|\b(?:fear|loathe|hate|dread)\w*\s+(?:and\s+\w+\s+)?(?:driving|going)\s+over\b"
    r"|\b(?:my\s+)?(?:eyes|eye lids|eyelids)\s+(?:closing|were closing|felt (?:like they were )?(?:tonnes|tons) heavy)\b|\bfall(?:ing|en)?\s+asleep\s+(?:at|behind)\s+the\s+wheel\b|\bdrowsy\b"
)
# No-cue threshold used when the shipped model does not carry one (an older model, or the fallback).
DEFAULT_NO_CUE_THRESHOLD = 0.9
# The model's threshold is never below its floor. A model trained on the real statements carries
# its own floor (extra["real_threshold"], chosen by crisis_training.real_floor); an older model
# falls back to this one: on the real dev statements the project-trained model alone flagged 3 of
# 76 hard negatives at 0.95 and 8 at its trained threshold, while finding nothing the rules missed.
MODEL_FLOOR = 0.95
# The static backend's screen model (model2vec, a table look-up): what the screen reads when the
# configured backend's crisis model does not read parts, or cannot be loaded.
SCREEN_BACKEND = "static-minilm"
# Sentences read by the screen's model in one text; a 1,000-character text has ten or fifteen.
SCREEN_MAX_SENTENCES = 40
# The parts model (a backend's crisis model carrying this floor) reads fewer: each part is one more
# run of the transformer, so this bounds the cost of a very long text.
PART_THRESHOLD = "part_threshold"
PART_MAX_SENTENCES = 16
# Below this score for the whole text the pairs are not read: on the 1,087 real statements and the
# 661 ordinary examples no writer at risk was found through a pair of a text scoring under 0.35
# as a whole, and 40% of the model's runs on ordinary concerns are saved.
PAIR_GATE = 0.25
SCREEN_MIN_TOKENS = 3
_LONG_WORD = re.compile(r"(\S{40})(\S+)")
_SPACES = re.compile(r"[ \t\r\f\v]+")


@dataclass(frozen=True)
class CrisisAssessment:
    crisis: bool
    rules: list[str] = field(default_factory=list)
    score: float = 0.0  # the model's probability of crisis language
    threshold: float = 0.0  # the threshold applied to this text, after counter-cues
    counter_cues: list[str] = field(default_factory=list)


def counter_cues(text: str) -> list[str]:
    norm = normalise(text)
    cues = []
    if SAFETY_STATEMENT.search(norm):
        cues.append("safety_statement")
    if any(p.search(norm) for p in _IDIOMS):
        cues.append("idiom")
    if OTHERS_CRISIS.search(norm):
        cues.append("about_others")
    if PROTECTIVE.search(norm):
        cues.append("protective")
    if EVERYDAY.search(norm):
        cues.append("everyday")
    if REGRET.search(norm):
        cues.append("regret")
    return cues


def has_risk_cue(text: str) -> bool:
    return bool(RISK_CUE.search(normalise(text)))


def crisis_model_path(backend: str) -> Path:
    return SHIPPED_DIR / backend / CRISIS_PREFIX


@functools.lru_cache(maxsize=4)
def load_crisis_model(backend: str, dim: int) -> ThemeModel | None:
    """The shipped crisis model for ``backend``, or None (the prototype fallback is used)."""
    for manifest_path in manifests(crisis_model_path(backend)):
        try:
            return load_model(manifest_path, backend, dim, kind="default")
        except ModelLoadError as exc:
            log.warning("crisis model unusable, trying older: %s", exc)
    log.warning("no usable crisis model for %s; using prototype similarity", backend)
    return None


@functools.lru_cache(maxsize=4)
def _prototypes(backend: str) -> tuple[np.ndarray, np.ndarray]:
    from upstream.themes.textmodel.embedders import get_embedder

    vectors = get_embedder(backend).embed(POSITIVE + NEGATIVE)
    return vectors, np.array([1.0] * len(POSITIVE) + [0.0] * len(NEGATIVE))


def model_scores(embeddings: np.ndarray, backend: str) -> tuple[np.ndarray, float, float, float]:
    """(crisis probability per row, base threshold, no-cue threshold, floor) from the crisis model
    or its fallback. The floor is the one chosen on the real statements when the model carries it."""
    model = load_crisis_model(backend, int(embeddings.shape[1]))
    if model is not None:
        no_cue = float(model.extra.get("no_cue_threshold", max(model.threshold, DEFAULT_NO_CUE_THRESHOLD)))
        floor = float(model.extra.get("real_threshold", MODEL_FLOOR))
        return model.scores(embeddings)[:, model.classes.index("crisis")], model.threshold, no_cue, floor
    # Fallback: share of positive prototypes among the 5 nearest, a crude but trained-free vote.
    vectors, labels = _prototypes(backend)
    nearest = np.argsort(-(embeddings @ vectors.T), axis=1)[:, :5]
    return labels[nearest].mean(axis=1), 0.5, 0.8, MODEL_FLOOR


def decide(
    text: str,
    score: float,
    base_threshold: float,
    no_cue_threshold: float | None = None,
    floor: float = MODEL_FLOOR,
) -> CrisisAssessment:
    """Rules first (exactly what ``screen`` reads); otherwise the model score against a threshold
    raised by counter-cues and by the absence of any risk cue (``no_cue_threshold``; None means no
    such raise), and never below ``floor``."""
    rules = rule_matches(text)
    cues = counter_cues(text)
    threshold = min(base_threshold + COUNTER_CUE_MARGIN, MAX_THRESHOLD) if cues else base_threshold
    if no_cue_threshold is not None and not has_risk_cue(text):
        threshold = max(threshold, min(no_cue_threshold, MAX_THRESHOLD))
        cues.append("no_risk_cue")
    threshold = max(threshold, floor)
    crisis = bool(rules) or bool(score >= threshold)
    return CrisisAssessment(crisis, rules, round(float(score), 4), round(threshold, 4), cues)


def assess_texts(
    texts: list[str], embeddings: np.ndarray | None = None, backend: str | None = None
) -> list[CrisisAssessment]:
    """Assess many texts; pass the embeddings already computed for theme classification to save time."""
    from upstream.themes.textmodel.embedders import get_embedder

    embedder = get_embedder(backend)
    model = load_crisis_model(embedder.name, embedder.dim)
    if model is not None and PART_THRESHOLD in model.extra:
        scores = batch_part_scores(texts, embedder, model, embeddings)
        return [decide_parts(t, float(s), model) for t, s in zip(texts, scores, strict=True)]
    if embeddings is None or embeddings.shape != (len(texts), embedder.dim):
        embeddings = embedder.embed(texts)
    scores, base, no_cue, floor = model_scores(embeddings, embedder.name)
    assessed = [decide(t, s, base, no_cue, floor) for t, s in zip(texts, scores, strict=True)]
    # Everything the static screen flags is flagged here too.
    return [
        a if a.crisis or not _static_screen(t) else replace(a, crisis=True, rules=[*a.rules, "screen_model"])
        for t, a in zip(texts, assessed, strict=True)
    ]


def _static_screen(text: str) -> bool:
    score, threshold = static_screen_score(text)
    return score >= threshold


def assess_crisis(text: str, embedding: np.ndarray | None = None) -> CrisisAssessment:
    row = None if embedding is None else np.asarray(embedding, dtype=np.float32).reshape(1, -1)
    return assess_texts([text], row)[0]


@functools.lru_cache(maxsize=1)
def _screen_embedder():
    """The static embedder, or None when it cannot be loaded (the screen then runs on its rules)."""
    from upstream.themes.textmodel.embedders import get_embedder

    try:
        return get_embedder(SCREEN_BACKEND)
    except (ImportError, OSError) as exc:  # FileNotFoundError is an OSError
        log.error("crisis screen: static embedder unavailable, rules only: %s", exc)
        return None


def counting_rules(text: str, cues: list[str]) -> list[str]:
    """The rules that fire on ``text`` (English, then the Spanish floor), less the weakest one,
    two signs of despair ("distress_cluster"), when the writer also says they want to live or are
    safe: the writer's own word outweighs it."""
    rules = rule_matches(text) or spanish_rule_matches(text)
    if rules == ["distress_cluster"] and "safety_statement" in cues:
        return []
    return rules


def decide_parts(text: str, score: float, model: ThemeModel) -> CrisisAssessment:
    """The rules, then the parts model's best score against its floor (``extra["part_threshold"]``,
    chosen out of fold on the real statements by crisis_training.part_floor), raised to
    MAX_THRESHOLD when a counter-cue is present."""
    cues = counter_cues(text)
    rules = counting_rules(text, cues)
    threshold = float(model.extra[PART_THRESHOLD])
    if cues:
        threshold = max(threshold, MAX_THRESHOLD)
    return CrisisAssessment(
        bool(rules) or score >= threshold, rules, round(score, 4), round(threshold, 4), cues
    )


def text_parts(text: str) -> list[str]:
    """What the parts model reads: the writer's own text (quotes of others removed), then, when it
    has three sentences or more, each pair of neighbouring sentences (of the first
    PART_MAX_SENTENCES): one sentence at risk in a long post must not be diluted by the rest, and a
    lone short sentence reads like a farewell to the model, so pairs rather than single sentences."""
    # A lone surrogate cannot be tokenised; "?" keeps the offsets.
    own = own_text(text or "").encode("utf-8", "replace").decode("utf-8")
    spans = sentence_spans(own)[:PART_MAX_SENTENCES]
    if len(spans) < 3:
        return [own]
    return [own, *(own[a[0] : b[1]] for a, b in zip(spans, spans[1:], strict=False))]


def embed_alone(embedder, texts: list[str]) -> np.ndarray:
    """Each text embedded in a run of its own. The int8 model quantises a batch with one scale, so
    a text embedded beside others moves with them (its crisis score by up to 0.2 on the real
    statements); alone, it gets the same vector whoever else writes at the same time."""
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.vstack([embedder.embed([text]) for text in texts]).astype(np.float32)


def part_score(text: str, embedder, model: ThemeModel) -> float:
    """The parts model's best crisis probability over ``text_parts(text)``, each part embedded
    alone (0 for a text with fewer than SCREEN_MIN_TOKENS words of its own). The pairs of sentences
    are read only when the writer's words as a whole score at least PAIR_GATE: a text that reads
    nowhere near crisis as a whole costs one run of the model instead of one per sentence."""
    parts = [part for part in text_parts(text) if len(part.split()) >= SCREEN_MIN_TOKENS]
    if not parts:
        return 0.0
    crisis = model.classes.index("crisis")
    whole = float(model.scores(embed_alone(embedder, parts[:1]))[0, crisis])
    if whole < PAIR_GATE or len(parts) == 1:
        return whole
    return max(whole, float(model.scores(embed_alone(embedder, parts[1:]))[:, crisis].max()))


def batch_part_scores(
    texts: list[str], embedder, model: ThemeModel, embeddings: np.ndarray | None = None
) -> np.ndarray:
    """``part_score`` for many texts at batch speed: the parts are embedded together, and a text's
    own-words part reuses its theme embedding when the two read the same tokens (the model's
    tokenizer lower-cases, so only a text whose own words differ from it by more than case and
    spacing is embedded again). Texts embedded together share one int8 rounding scale, so a score
    here can differ a little from the screen's; near the floor the two decisions may then differ,
    and the release keeps the screen's flag whatever this says (concerns/release.py)."""
    crisis = model.classes.index("crisis")
    if embeddings is not None and np.shape(embeddings) != (len(texts), embedder.dim):
        embeddings = None  # another backend's vectors: embed again
    blocks = [[p for p in text_parts(t) if len(p.split()) >= SCREEN_MIN_TOKENS] for t in texts]
    whole = np.zeros(len(texts))
    todo = []
    for i, (text, parts) in enumerate(zip(texts, blocks, strict=True)):
        if not parts:
            continue
        if embeddings is not None and parts[0].strip() == _SPACES.sub(" ", (text or "").lower()).strip():
            whole[i] = model.scores(np.asarray(embeddings[i : i + 1], dtype=np.float32))[0, crisis]
        else:
            todo.append(i)
    if todo:
        whole[todo] = model.scores(embedder.embed([blocks[i][0] for i in todo]))[:, crisis]
    pairs = [(i, pair) for i, parts in enumerate(blocks) if whole[i] >= PAIR_GATE for pair in parts[1:]]
    best = whole.copy()
    if pairs:
        scores = model.scores(embedder.embed([pair for _, pair in pairs]))[:, crisis]
        np.maximum.at(best, np.array([i for i, _ in pairs]), scores)
    return best


def _parts_model():
    """(embedder, crisis model) of the configured backend when that model reads parts, else None."""
    from upstream.themes.textmodel.embedders import get_embedder

    try:
        embedder = get_embedder()
    except (ImportError, OSError, ValueError) as exc:
        log.error("crisis screen: configured embedder unavailable: %s", exc)
        return None
    model = load_crisis_model(embedder.name, embedder.dim)
    return (embedder, model) if model is not None and PART_THRESHOLD in model.extra else None


def screen_score(text: str) -> tuple[float, float]:
    """(score, threshold) of the request path's model for ``text``.

    The configured backend's crisis model when it reads parts (``part_threshold``; the default
    ``onnx-minilm``): its best score over the writer's own text and each pair of neighbouring
    sentences, the same decision as the batch path. Otherwise the static screen below."""
    parts_model = _parts_model()
    if parts_model is not None:
        embedder, model = parts_model
        threshold = float(model.extra[PART_THRESHOLD])
        if counter_cues(text):
            threshold = max(threshold, MAX_THRESHOLD)
        return part_score(text, embedder, model), threshold
    return static_screen_score(text)


def static_screen_score(text: str) -> tuple[float, float]:
    """(score, threshold) of the static request path's model for ``text``: the highest crisis probability
    of the whole text and of each pair of its own neighbouring sentences (quotes of others removed), from the static
    embedder's crisis model, against that model's screen floor (``extra["screen_threshold"]``,
    chosen out of fold on the real statements by crisis_training.screen_floor), raised to
    MAX_THRESHOLD when a counter-cue is present. (0.0, 1.0) when no such model ships: rules only."""
    embedder = _screen_embedder()
    model = None if embedder is None else load_crisis_model(SCREEN_BACKEND, embedder.dim)
    if model is None or "screen_threshold" not in model.extra:
        return 0.0, 1.0
    scores = model.scores(screen_vectors(text))[:, model.classes.index("crisis")]
    score, threshold = float(scores.max()), float(model.extra["screen_threshold"])
    if score >= threshold and counter_cues(text):
        threshold = max(threshold, MAX_THRESHOLD)
    return score, threshold


def screen_vectors(text: str) -> np.ndarray:
    """Static embeddings of what the screen's model reads: the writer's own text (crisis_rules.own_text)
    as a whole, then each pair of neighbouring sentences (of the first SCREEN_MAX_SENTENCES).

    The static model's vector of a text is the mean of its token vectors, so the text is tokenised
    once and each pair's vector is the mean over its own tokens: half the cost of embedding the
    parts one by one. (crisis_training.screen_floor reads texts through this same function.)
    """
    from upstream.themes.textmodel.embedders import get_embedder, l2_normalise

    own = own_text(text)
    sentence_list = sentence_spans(own)[:SCREEN_MAX_SENTENCES]
    # Two neighbouring sentences at a time: a lone short sentence ("That's all.", "I'll remember
    # that forever.") reads like a farewell to the model, and a sentence at risk still dominates its pair.
    spans = [(a[0], b[1]) for a, b in zip(sentence_list, sentence_list[1:], strict=False)]
    embedder = get_embedder(SCREEN_BACKEND)
    static = getattr(embedder, "_model", None)
    if static is None or getattr(static, "token_mapping", None) is not None or static.weights is not None:
        return embedder.embed([own, *(own[a:b] for a, b in spans)])
    # Same length, so the offsets still match the sentences: a lone surrogate becomes "?", and a
    # "word" longer than 40 characters is cut (tokenising one 20,000-character word takes 0.4 s).
    safe = _LONG_WORD.sub(
        lambda m: m.group(1) + " " * len(m.group(2)), own.encode("utf-8", "replace").decode("utf-8")
    )
    encoding = static.tokenizer.encode(safe, add_special_tokens=False)
    ids = np.array(encoding.ids, dtype=np.int64)
    starts = np.array([start for start, _ in encoding.offsets], dtype=np.int64)
    keep = ids != (-1 if static.unk_token_id is None else static.unk_token_id)
    if not keep.any():
        return np.zeros((1 + len(spans), embedder.dim), dtype=np.float32)
    ids, starts = ids[keep], starts[keep]
    tokens = static.embedding[ids].astype(np.float32)
    bounds = np.array([(0, len(own)), *spans], dtype=np.int64)
    lo, hi = np.searchsorted(starts, bounds[:, 0]), np.searchsorted(starts, bounds[:, 1])
    out = np.zeros((len(bounds), embedder.dim), dtype=np.float32)
    for row, (start, end) in enumerate(zip(lo, hi, strict=True)):
        # A part of fewer than SCREEN_MIN_TOKENS different tokens ("xxxx", "ok") says too little for
        # the model and stays a zero vector. A plain loop: a matrix product would wake BLAS threads.
        if len(set(ids[start:end].tolist())) >= SCREEN_MIN_TOKENS:
            out[row] = tokens[start:end].mean(axis=0)
    return l2_normalise(out)


def screen(text: str) -> bool:
    """True when ``text`` should show crisis resources at once: the request-path check.

    The phrase rules (crisis_rules.py, sentence by sentence) first, then the crisis model on the
    writer's own text and each pair of neighbouring sentences (``screen_score``). The batch path
    (``assess_texts``) makes the same decision.
    """
    text = text or ""
    if counting_rules(text, counter_cues(text)):
        return True
    score, threshold = screen_score(text)
    return score >= threshold


def detect_crisis(text: str, embedding: np.ndarray | None = None) -> bool:
    """True when ``text`` should show crisis resources at once and be flagged to the leader as urgent."""
    return assess_crisis(text, embedding).crisis
