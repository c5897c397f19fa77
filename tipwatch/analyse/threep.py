"""Sentences that report a response to trafficking, labelled in the 3P frame.

Takes a document's stored text and language; gives each sentence that reports a government
or civil-society response its label (prevention, protection or prosecution), whether it
reports something done (``positive``: "opened a hotline") or a stated gap (``gap``: "no
shelters for adult victims"), the cue words that decided it and its exact offsets, so a
profile can quote it. Rules, not a model: the cues live per language in
``tipwatch/data/cues/<lang>/threep.yaml`` and ``bench/threep.py`` measures them.

How a sentence is scored, per label:

- ``strong`` cues weigh 2, ``cues`` and every ``concepts`` family (verb families with their
  inflections, organised by what the field counts: funding, training, shelter, arrest...)
  weigh 1;
- ``framed`` words (topic nouns: "app", "budget", "suspects") weigh 1 and ``weak`` actor
  words ("police", "victims") 0.5, but only inside a *frame*: a response actor followed by an
  action verb ("the ministry launched", "investigators questioned") or a passive response
  ("were given"); in a stated gap with no frame each weighs 0.5 ("prosecutors lack the
  resources to follow up cases"). Elsewhere they say nothing: "traffickers use messaging apps"
  reports no response. Each of the two kinds counts once per label;
- a participle used as an adjective after a determiner ("the arrested women", "los
  detenidos") weighs half: it describes someone, it is not the action of the sentence;
- the best label wins when it reaches 1; on a tie, the label whose cue is the main verb (the
  first cue that is not such an adjective) wins.

The polarity is ``gap`` when a gap cue (negation, "lack of", "insufficient", "failed to",
"sin", "falta de", "não", "ausência de", lenient sentences...) stands in the sentence and is
not itself the response ("victims shall not be punished").

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
from ..model import Document, Facts


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
FRAMED = 1.0  # a topic word inside a response frame or a gap
DEMOTED = 0.5  # factor of a participle used as an adjective ("the arrested women")
FRAME_SPAN = 80  # characters between a response actor and its verb ("Investigators from ... questioned")
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
    # (weight, needs, regex), strongest first; needs: "" (always) or "frame|gap" (an actor with
    # an action verb, a passive, or a stated gap); framed topic words weigh half in a gap alone
    patterns: tuple[tuple[float, str, re.Pattern[str]], ...]
    exclude: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Rules:
    labels: dict[str, _LabelRules]
    gap: re.Pattern[str]
    soft_gap: re.Pattern[str]  # a gap that opens no frame: "poor", "few", "only"
    not_gap: re.Pattern[str]
    actors: re.Pattern[str]  # who responds: "the ministry", "police", "a court", "the NGO"
    verbs: re.Pattern[str]  # what a responder does: "launched", "provided", "questioned"
    passive: re.Pattern[str]  # a response with no actor named: "were given", "were instructed"
    determiner: re.Pattern[str]  # ends at a determiner: "the", "los", "as"
    participle: re.Pattern[str]  # a participle form: "arrested", "detenidos", "resgatadas"


def _lang(lang: str | None) -> str:
    return lang if lang in LANGUAGES else "en"


def _flat(concepts: dict[str, list[str]] | None) -> list[str]:
    """The cues of every concept family ("funding", "arrest", "negation"...), in one list."""
    return [w for words in (concepts or {}).values() for w in words or []]


@cache
def _rules(lang: str) -> _Rules:
    data = load_cues(lang, "threep")
    labels: dict[str, _LabelRules] = {}
    for p in P:
        spec = (data.get("labels") or {}).get(p.value) or {}
        concepts = _flat(spec.get("concepts"))
        patterns = (
            (WEIGHTS["strong"], "", compile_words(list(spec.get("strong") or []))),
            (WEIGHTS["cues"], "", compile_words(list(spec.get("cues") or []) + concepts)),
            (FRAMED, "frame|gap", compile_words(list(spec.get("framed") or []))),
            (WEIGHTS["weak"], "frame|gap", compile_words(list(spec.get("weak") or []))),
        )
        labels[p.value] = _LabelRules(patterns, compile_words(list(spec.get("exclude") or [])))
    gap = data.get("gap") or {}
    frame = data.get("frame") or {}
    words = frame.get("determiners") or []
    return _Rules(
        labels,
        compile_words(list(gap.get("cues") or []) + _flat(gap.get("concepts"))),
        compile_words(list(gap.get("soft") or [])),
        compile_words(list(gap.get("not_gap") or [])),
        compile_words(list(frame.get("actors") or [])),
        compile_words(list(frame.get("verbs") or [])),
        compile_words(list(frame.get("passive") or [])),
        re.compile(r"(?<!\w)(?:" + "|".join(words) + r")\s+$" if words else r"(?!x)x", re.IGNORECASE),
        re.compile(str(frame.get("participle") or r"(?!x)x") + r"$", re.IGNORECASE),
    )


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in spans)


def _gap_cues(text: str, rules: _Rules, *, soft: bool = True) -> list[str]:
    """Gap words of a sentence, less those inside a negation that is itself a response.

    ``soft=False`` leaves out the soft ones ("poor", "few"): they make a gap of a response
    already there but are no sign of one.
    """
    shielded = [m.span() for m in rules.not_gap.finditer(text)]
    spans = [m for m in rules.gap.finditer(text) if not _overlaps(m.span(), shielded)]
    if soft:
        spans += [m for m in rules.soft_gap.finditer(text) if not _overlaps(m.span(), shielded)]
    return [m.group() for m in sorted(spans, key=lambda m: m.start())]


def has_frame(text: str, lang: str | None = "en") -> bool:
    """Whether a sentence reports someone responding: an actor with an action verb, or a passive.

    "The ministry launched an app" and "the women were given visas" are responses whatever
    their object; "traffickers use apps" and "prosecutors said" are not.
    """
    rules = _rules(_lang(lang))
    if rules.passive.search(text):
        return True
    verbs = [m.start() for m in rules.verbs.finditer(text)]
    return any(any(0 <= v - a.end() <= FRAME_SPAN for v in verbs) for a in rules.actors.finditer(text))


def _is_adjective(text: str, m: re.Match[str], rules: _Rules) -> bool:
    """A participle right after a determiner ("the rescued boys") describes, it does not act."""
    return bool(rules.participle.search(m.group()) and rules.determiner.search(text[: m.start()]))


def _score(
    text: str, rule: _LabelRules, rules: _Rules, context: set[str]
) -> tuple[float, float, int, list[str]]:
    """Score of one label: distinct cue spans by weight; also the part of it owed to cues that
    need no frame (``solid``) and the main cue's position."""
    excluded = [m.span() for m in rule.exclude.finditer(text)]
    taken: list[tuple[int, int]] = []
    score, solid, first, main, words = 0.0, 0.0, len(text), len(text), []
    for weight, needs, pattern in rule.patterns:
        if needs and not context & set(needs.split("|")):
            continue
        for m in pattern.finditer(text):
            if _inside(m.span(), excluded) or _overlaps(m.span(), taken):
                continue
            taken.append(m.span())
            first = min(first, m.start())
            adjective = _is_adjective(text, m, rules)
            if not adjective:
                main = min(main, m.start())
            words.append(m.group())
            if needs and "frame" not in context:
                weight = min(weight, WEIGHTS["weak"])  # "the boys were never paid": a gap, no response
            score += weight * (DEMOTED if adjective else 1.0)
            if not needs:
                solid += weight * (DEMOTED if adjective else 1.0)
            else:
                # topic and actor words count once: "police and prosecutors lack training" is about
                # training, "cases of suspected trafficking" is one topic, not two
                break
    return score, solid, min(main, first) if main == len(text) else main, words


def classify_sentence(text: str, lang: str | None = "en") -> tuple[str, str | None, tuple[str, ...], float]:
    """Label, polarity, deciding cues and score of one sentence; ``("none", None, (), 0)`` when none."""
    rules = _rules(_lang(lang))
    gaps = _gap_cues(text, rules)
    context = {"gap"} if _gap_cues(text, rules, soft=False) else set()
    if has_frame(text, lang):
        context.add("frame")
    best: tuple[float, float, int, str, list[str]] | None = None
    for p in P:
        score, solid, first, words = _score(text, rules.labels[p.value], rules, context)
        if score < MIN_SCORE:
            continue
        # the higher score wins; on a tie, the label with more cues that need no frame, then the
        # label whose cue is the main verb (the first one that is no adjective)
        if best is None or (score, solid, -first) > (best[0], best[1], -best[2]):
            best = (score, solid, first, p.value, words)
    if best is None:
        return NONE, None, (), 0.0
    polarity = Polarity.GAP if gaps else Polarity.POSITIVE
    cues = tuple(best[4]) + (tuple(f"gap:{g}" for g in gaps) if gaps else ())
    return best[3], polarity.value, cues, best[0]


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


def classify_document(doc: Document, facts: Facts | None = None) -> list[ThreePSentence]:
    """The 3P sentences of a stored document, read in the document's own language.

    With the document's extracted ``facts``, a sentence the cues leave unlabelled still counts
    when an extracted event with a P (arrest, charge, conviction, raid, rescue...) has its
    evidence inside it: the extractor read "took the men into custody" as an arrest, so the
    sentence is prosecution even in words the cues lack. Its cue is ``event:<type>``.
    """
    found = classify_text(doc.text, doc.language)
    if facts is None or not facts.events or (facts.doc_id and facts.doc_id != doc.id):
        return found
    at = {s.start for s in found}
    out = list(found)
    for sent in split_sentences(doc.text):
        if sent.start in at or len(sent.text.split()) < MIN_WORDS:
            continue
        for ev in facts.events:
            p = p_of_event(ev.type)
            inside = any(sent.start <= e.start and e.end <= sent.end for e in ev.evidence)
            if p is not None and inside:
                gaps = _gap_cues(sent.text, _rules(_lang(doc.language)))
                polarity = Polarity.GAP if gaps else Polarity.POSITIVE
                cue = (f"event:{ev.type}",) + tuple(f"gap:{g}" for g in gaps)
                out.append(
                    ThreePSentence(p.value, polarity.value, sent.start, sent.end, sent.text, cue, MIN_SCORE)
                )
                break
    return sorted(out, key=lambda s: s.start)


def count_by_label(items: Iterable[ThreePSentence]) -> dict[str, dict[str, int]]:
    """``{label: {"positive": n, "gap": n}}`` over classified sentences, every label present."""
    counts = {p.value: {Polarity.POSITIVE.value: 0, Polarity.GAP.value: 0} for p in P}
    for item in items:
        counts[item.label][item.polarity] += 1
    return counts
