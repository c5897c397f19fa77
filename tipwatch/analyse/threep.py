"""Sentences that report a response to trafficking, labelled in the 3P frame.

Takes a document's stored text and language; gives each sentence that reports a government
or civil-society response its label (prevention, protection or prosecution), whether it
reports something done (``positive``: "opened a hotline") or a stated gap (``gap``: "no
shelters for adult victims"), the cue words that decided it and its exact offsets, so a
profile can quote it. Rules, not a model: the cues live per language in
``tipwatch/data/cues/<lang>/threep.yaml`` and ``bench/threep.py`` measures them.

Extracted events are mapped to a P as well (``p_of_event``): an arrest is prosecution
whichever sentence reports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from ..extract.cues import compile_words, load_cues
from ..extract.sentences import split_sentences
from ..labels import EventType
from ..model import Document


class P(StrEnum):
    """The three Ps of the Palermo Protocol and the TIP Report."""

    PREVENTION = "prevention"
    PROTECTION = "protection"
    PROSECUTION = "prosecution"


class Polarity(StrEnum):
    POSITIVE = "positive"  # something was done
    GAP = "gap"  # something is lacking, failing or not done


NONE = "none"
LANGUAGES = ("en", "es", "pt")
WEIGHTS = {"strong": 2.0, "cues": 1.0, "weak": 0.5}
MIN_WORDS = 5
MIN_SCORE = 1.0  # one ordinary cue; a weak actor word alone ("prosecutors said") is not a response

# Events extracted by tipwatch.extract: deportation is left out on purpose, since a deported
# victim is a protection gap and a deported trafficker a prosecution step; the sentence
# classifier decides those from the words around.
EVENT_P: dict[str, P] = {
    EventType.ARREST: P.PROSECUTION,
    EventType.CHARGE: P.PROSECUTION,
    EventType.CONVICTION: P.PROSECUTION,
    EventType.RAID: P.PROSECUTION,
    EventType.INVESTIGATION: P.PROSECUTION,
    EventType.DISMANTLING: P.PROSECUTION,
    EventType.RESCUE: P.PROTECTION,
}


def p_of_event(event_type: str) -> P | None:
    """The P an extracted event type belongs to, or None (deportation: it depends)."""
    return EVENT_P.get(event_type)


@dataclass(frozen=True, slots=True)
class ThreePSentence:
    """One sentence of a document that reports a response, with its label and polarity."""

    label: str
    polarity: str
    start: int
    end: int
    quote: str
    cues: tuple[str, ...] = ()
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "polarity": self.polarity,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "cues": list(self.cues),
            "score": self.score,
        }


@dataclass(frozen=True, slots=True)
class _LabelRules:
    patterns: tuple[tuple[float, re.Pattern[str]], ...]  # (weight, regex), strongest first
    exclude: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Rules:
    labels: dict[str, _LabelRules]
    gap: re.Pattern[str]
    not_gap: re.Pattern[str]


def _lang(lang: str | None) -> str:
    return lang if lang in LANGUAGES else "en"


@cache
def _rules(lang: str) -> _Rules:
    data = load_cues(lang, "threep")
    labels: dict[str, _LabelRules] = {}
    for p in P:
        spec = (data.get("labels") or {}).get(p.value) or {}
        patterns = tuple(
            (weight, compile_words(list(spec.get(kind) or []))) for kind, weight in WEIGHTS.items()
        )
        labels[p.value] = _LabelRules(patterns, compile_words(list(spec.get("exclude") or [])))
    gap = data.get("gap") or {}
    return _Rules(
        labels, compile_words(list(gap.get("cues") or [])), compile_words(list(gap.get("not_gap") or []))
    )


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in spans)


def _gap_cues(text: str, rules: _Rules) -> list[str]:
    """Gap words of a sentence, less those inside a negation that is itself a response."""
    shielded = [m.span() for m in rules.not_gap.finditer(text)]
    return [m.group() for m in rules.gap.finditer(text) if not _overlaps(m.span(), shielded)]


def _score(text: str, rule: _LabelRules, has_gap: bool) -> tuple[float, int, list[str]]:
    """Score of one label: distinct cue spans by weight; also the first cue's position."""
    excluded = [m.span() for m in rule.exclude.finditer(text)]
    taken: list[tuple[int, int]] = []
    score, first, words = 0.0, len(text), []
    for weight, pattern in rule.patterns:
        weak = weight < MIN_SCORE
        if weak and not has_gap:
            continue
        for m in pattern.finditer(text):
            if _inside(m.span(), excluded) or _overlaps(m.span(), taken):
                continue
            taken.append(m.span())
            first = min(first, m.start())
            words.append(m.group())
            score += weight
            if weak:
                break  # actor words count once: "police and prosecutors lack training" is about training
    return score, first, words


def classify_sentence(text: str, lang: str | None = "en") -> tuple[str, str | None, tuple[str, ...], float]:
    """Label, polarity, deciding cues and score of one sentence; ``("none", None, (), 0)`` when none."""
    rules = _rules(_lang(lang))
    gaps = _gap_cues(text, rules)
    best: tuple[float, int, str, list[str]] | None = None
    for p in P:
        score, first, words = _score(text, rules.labels[p.value], bool(gaps))
        if score < MIN_SCORE:
            continue
        # the higher score wins; on a tie, the label whose cue comes first in the sentence
        if best is None or (score, -first) > (best[0], -best[1]):
            best = (score, first, p.value, words)
    if best is None:
        return NONE, None, (), 0.0
    polarity = Polarity.GAP if gaps else Polarity.POSITIVE
    cues = tuple(best[3]) + (tuple(f"gap:{g}" for g in gaps) if gaps else ())
    return best[2], polarity.value, cues, best[0]


def classify_text(text: str, lang: str | None = "en") -> list[ThreePSentence]:
    """Every sentence of ``text`` that reports a response, in order, with exact offsets."""
    out: list[ThreePSentence] = []
    for sent in split_sentences(text):
        if len(sent.text.split()) < MIN_WORDS:
            continue  # a heading ("Victim Protection Efforts") names a topic, it reports nothing
        label, polarity, cues, score = classify_sentence(sent.text, lang)
        if label != NONE and polarity is not None:
            out.append(ThreePSentence(label, polarity, sent.start, sent.end, sent.text, cues, score))
    return out


def classify_document(doc: Document) -> list[ThreePSentence]:
    """The 3P sentences of a stored document, read in the document's own language."""
    return classify_text(doc.text, doc.language)


def count_by_label(items: Iterable[ThreePSentence]) -> dict[str, dict[str, int]]:
    """``{label: {"positive": n, "gap": n}}`` over classified sentences, every label present."""
    counts = {p.value: {Polarity.POSITIVE.value: 0, Polarity.GAP.value: 0} for p in P}
    for item in items:
        counts[item.label][item.polarity] += 1
    return counts
