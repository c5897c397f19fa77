"""Accuracy and speed of entity resolution (issue 5).

Accuracy: the fictional documents of ``bench/resolve_corpus`` are ingested into a fresh
SQLite store with the real extractor, resolved, and the persons and organisations found
are compared with ``gold.tsv``: pairwise precision, recall and F1, and B-cubed precision,
recall and F1 (goal: B-cubed F1 >= 0.90). An extracted mention is scored when its
document's gold lists a name of the same kind that it equals or contains (or is contained
in); gold names the extractor missed are counted as coverage, not as resolution errors.

Speed: synthetic documents with generated (invented) names, each person named in several
documents with variants (accents, shorter forms, initials, a surname alone, typos) and
look-alikes in other countries, are resolved by the pure resolver; the time to resolve
10,000 and 100,000 mentions is printed (goal: under 10 s and 120 s, near-linear: the time
growing no faster than n log n), with the candidate pairs scored per mention and the
B-cubed F1 of the synthetic persons as a check that speed did not cost accuracy.

    python bench/resolve.py [--sizes 10000,100000] [--no-accuracy] [--no-speed]
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tipwatch.extract import make_extractor  # noqa: E402
from tipwatch.model import Evidence, Facts, Label, Organization, Person, Place  # noqa: E402
from tipwatch.resolve.mentions import DocFacts  # noqa: E402
from tipwatch.resolve.names import fold, org_key, person_key  # noqa: E402
from tipwatch.resolve.resolver import resolve  # noqa: E402
from tipwatch.settings import load_settings  # noqa: E402
from tipwatch.store import SQLiteStore  # noqa: E402
from tipwatch.store.batch import ingest_items  # noqa: E402
from tipwatch.store.resolution import refresh_resolution  # noqa: E402

CORPUS = ROOT / "bench" / "resolve_corpus"


# -- scores -----------------------------------------------------------------------------------


def pairwise(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """Precision, recall, F1 over pairs of items placed together (items: the keys of both maps)."""
    items = sorted(pred)
    tp = fp = fn = 0
    by_pred: dict[str, list[str]] = defaultdict(list)
    by_gold: dict[str, list[str]] = defaultdict(list)
    for i in items:
        by_pred[pred[i]].append(i)
        by_gold[gold[i]].append(i)
    for group in by_pred.values():
        for x in range(len(group)):
            for y in range(x + 1, len(group)):
                if gold[group[x]] == gold[group[y]]:
                    tp += 1
                else:
                    fp += 1
    gold_pairs = sum(len(g) * (len(g) - 1) // 2 for g in by_gold.values())
    fn = gold_pairs - tp
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin), averaged over items."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for i in pred:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    ps, rs = [], []
    for i in pred:
        same = len(by_pred[pred[i]] & by_gold[gold[i]])
        ps.append(same / len(by_pred[pred[i]]))
        rs.append(same / len(by_gold[gold[i]]))
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# -- accuracy on the written corpus -----------------------------------------------------------


def _read_gold() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in (CORPUS / "gold.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            doc, kind, name, gid = line.split("\t")
            rows.append((doc, kind, name, gid))
    return rows


def _tokens(kind: str, name: str) -> set[str]:
    return set((person_key(name) if kind == "person" else org_key(name)).split())


def _gold_of(kind: str, name: str, candidates: list[tuple[str, str]]) -> str | None:
    """The gold entity whose name (in this document) the extracted name equals, contains or is part of."""
    mine = _tokens(kind, name)
    exact = [gid for gname, gid in candidates if fold(gname) == fold(name)]
    if exact:
        return exact[0]
    for gname, gid in candidates:
        theirs = _tokens(kind, gname)
        if mine and theirs and (mine <= theirs or theirs <= mine):
            return gid
    return None


def accuracy() -> None:
    settings = load_settings(env={})
    gold_rows = _read_gold()
    by_doc: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for doc, kind, name, gid in gold_rows:
        by_doc[(doc, kind)].append((name, gid))
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        extractor = make_extractor(settings)
        items = sorted(CORPUS.glob("*.txt"))
        outcomes = list(ingest_items(store, items, settings, extractor))
        t = time.perf_counter()
        summary = refresh_resolution(store)
        secs = time.perf_counter() - t
        entities = store.list_entities(limit=100_000)
        names = {d.id: d.name for d in store.iter_documents()}
        store.close()
    print(f"corpus: {sum(o.status == 'added' for o in outcomes)} documents in {CORPUS.relative_to(ROOT)}; "
          f"resolved in {secs:.2f} s: {summary['entities']}")  # fmt: skip
    for kind in ("person", "organization"):
        pred: dict[str, str] = {}
        gold: dict[str, str] = {}
        found: set[tuple[str, str]] = set()
        for e in entities:
            if e.kind != kind:
                continue
            for m in e.mentions:
                doc = names.get(m.doc_id, "")
                gid = _gold_of(kind, m.name, by_doc.get((doc, kind), []))
                if gid is None:
                    continue
                item = f"{doc}|{m.name}"
                pred[item], gold[item] = e.id, gid
                found.add((doc, gid))
        wanted = {(doc, gid) for doc, k, _, gid in gold_rows if k == kind}
        pp, pr, pf = pairwise(pred, gold)
        bp, br, bf = bcubed(pred, gold)
        print(
            f"{kind:<13} mentions scored {len(pred):>3} (gold mentions found {len(found & wanted)}/{len(wanted)})"
        )
        print(f"{'':13} pairwise  P {pp:.3f}  R {pr:.3f}  F1 {pf:.3f}")
        print(f"{'':13} B-cubed   P {bp:.3f}  R {br:.3f}  F1 {bf:.3f}   (goal F1 >= 0.90)")
        wrong = _errors(pred, gold)
        for line in wrong[:8]:
            print(f"{'':13} {line}")


def _errors(pred: Mapping[str, str], gold: Mapping[str, str]) -> list[str]:
    out = []
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for i in pred:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    for gid, items in sorted(by_gold.items()):
        ents = {pred[i] for i in items}
        if len(ents) > 1:
            out.append(f"split {gid}: " + " / ".join(sorted(items)))
    for _eid, items in sorted(by_pred.items()):
        gids = {gold[i] for i in items}
        if len(gids) > 1:
            out.append(f"merged {'+'.join(sorted(gids))}: " + " / ".join(sorted(items)))
    return out


# -- speed on synthetic mentions ----------------------------------------------------------------

COUNTRIES = ["GT", "HN", "SV", "MX", "PE", "BO", "CO", "BR", "EC", "PY"]
ACCENTS = str.maketrans({"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"})


def _invented_words(rng: random.Random, n: int, syllables: int) -> list[str]:
    """Invented, pronounceable words: names of no one."""
    onsets = ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "qu", "br", "tr", "gu"]
    vowels = ["a", "e", "i", "o", "u", "ia", "ue"]
    codas = ["", "", "n", "s", "r", "l"]
    out: set[str] = set()
    while len(out) < n:
        w = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables)) + rng.choice(codas)
        out.add(w.capitalize())
    return sorted(out)


def _variant(rng: random.Random, given: list[str], surnames: list[str]) -> str:
    roll = rng.random()
    full = [*given, *surnames]
    if roll < 0.45:
        return " ".join(full)
    if roll < 0.55:
        return " ".join(full).translate(ACCENTS) if rng.random() < 0.5 else " ".join(full).upper()
    if roll < 0.70:
        return " ".join([given[0], surnames[0]])
    if roll < 0.80:
        return " ".join([given[0][0] + ".", *surnames])
    if roll < 0.88:
        return surnames[0]
    word = surnames[0]
    i = rng.randrange(1, len(word) - 1)
    return " ".join([*given, word[:i] + word[i + 1 :], *surnames[1:]])  # a dropped letter


def synthetic_docs(n_mentions: int, seed: int = 7) -> tuple[list[DocFacts], dict[str, str]]:
    """Documents holding about ``n_mentions`` mentions; returns them and the gold person of each mention key."""
    rng = random.Random(seed)
    givens = _invented_words(rng, 400, 2)
    surnames = _invented_words(rng, 3000, 3)
    n_people = max(50, n_mentions // 12)
    people = []
    for p in range(n_people):
        given = [rng.choice(givens)] + ([rng.choice(givens)] if rng.random() < 0.4 else [])
        last = [rng.choice(surnames)] + ([rng.choice(surnames)] if rng.random() < 0.6 else [])
        people.append((f"G{p}", rng.choice(COUNTRIES), given, last))
    # look-alikes: one name, another person, another country
    for p in range(n_people // 50):
        _, country, given, last = people[rng.randrange(len(people))]
        other = rng.choice([c for c in COUNTRIES if c != country])
        people.append((f"L{p}", other, given, last))
    by_country: dict[str, list[int]] = defaultdict(list)
    for i, person in enumerate(people):
        by_country[person[1]].append(i)
    bodies = {c: [(f"{w} {kind}", kind) for w in _invented_words(rng, 60, 2) for kind in ("Foundation", "Unit")]
              for c in COUNTRIES}  # fmt: skip
    docs: list[DocFacts] = []
    gold: dict[str, str] = {}
    count = 0
    d = 0
    ev = [Evidence(0, 1, "x")]
    while count < n_mentions:
        country = rng.choice(COUNTRIES)
        facts = Facts(doc=f"synthetic-{d}.txt", countries=[Label(country, ev)])
        chosen = rng.sample(by_country[country], k=min(6, len(by_country[country])))
        names_here: set[str] = set()
        for i in chosen:
            pid, _, given, last = people[i]
            name = _variant(rng, given, last)
            if person_key(name) in names_here:
                continue
            names_here.add(person_key(name))
            facts.persons.append(Person(name, [rng.choice(["suspect", "official", "other"])], ev))
            gold[f"{d:08x}:{person_key(name)}"] = pid
        for name, kind in rng.sample(bodies[country], k=3):
            facts.organizations.append(
                Organization(name, "ngo" if kind == "Foundation" else "law_enforcement", ev)
            )
        facts.places.append(Place(rng.choice(["San Pedro", "Santa Rosa", "La Esperanza"]), country, None, ev))
        count += len(facts.persons) + len(facts.organizations) + len(facts.places)
        docs.append(DocFacts(f"{d:08x}" + "0" * 56, facts, f"20{10 + d % 14}-0{1 + d % 9}-1{d % 10}"))
        d += 1
    return docs, gold


def speed(sizes: Iterable[int]) -> None:
    runs: list[tuple[int, float]] = []
    for n in sizes:
        docs, gold = synthetic_docs(n)
        mentions = sum(len(x.facts.persons) + len(x.facts.organizations) + len(x.facts.places) for x in docs)
        gc.collect()  # each size starts without the garbage of the one before
        t = time.perf_counter()
        result = resolve(docs)
        secs = time.perf_counter() - t
        pred, truth = {}, {}
        for e in result.entities:
            if e.kind != "person":
                continue
            for m in e.mentions:
                key = f"{m.doc_id[:8]}:{m.key.split(':', 2)[2]}"
                if key in gold:
                    pred[key], truth[key] = e.id, gold[key]
        bp, br, bf = bcubed(pred, truth)
        print(
            f"synthetic {mentions:>7} mentions in {len(docs):>6} documents: {secs:6.2f} s "
            f"({mentions / secs:,.0f} mentions/s, {result.pairs / mentions:.2f} pairs/mention); "
            f"{len(result.entities)} entities, {len(result.cases)} cases; "
            f"persons B-cubed P {bp:.3f} R {br:.3f} F1 {bf:.3f}"
        )
        runs.append((mentions, secs, result.pairs / mentions))
        del docs, gold, result, pred, truth
    for (
        (m1, s1, p1),
        (m2, s2, p2),
    ) in zip(runs, runs[1:], strict=False):
        # Near-linear: the work per mention (pairs scored) stays flat and time grows with an
        # exponent close to 1; n log n would be x12.5 from 10k to 100k.
        bound = m2 * math.log(m2) / (m1 * math.log(m1))
        exponent = math.log(s2 / s1) / math.log(m2 / m1)
        print(
            f"growth: x{m2 / m1:.1f} mentions took x{s2 / s1:.1f} the time (time ~ n^{exponent:.2f}; "
            f"n log n would be x{bound:.1f}); pairs per mention {100 * (p2 / p1 - 1):+.1f} %"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10000,100000", help="comma-separated numbers of synthetic mentions"
    )
    parser.add_argument("--no-accuracy", action="store_true")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    if not args.no_accuracy:
        accuracy()
    if not args.no_speed:
        speed(int(x) for x in args.sizes.split(","))


if __name__ == "__main__":
    main()
