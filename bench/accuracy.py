"""Accuracy of tipwatch extraction against gold annotations, beside bare spaCy.

For each set (the shared seeds, the shared real dev set, our own fictional dev set, and the
two parts of our held-out set written apart from the extractor, ``bench/heldout``) this
runs ``tipwatch extract FILES --format jsonl`` exactly as a user would, scores it with
``shared/tools/score.py``, and scores in the same run what a user gets from bare spaCy:
the model's full default pipeline, its PERSON/PER, ORG, GPE/LOC, MONEY entities mapped
straight onto the contract (no roles, kinds, labels, events or victims; the language is
given, since the user picks the model by language).

    python bench/accuracy.py [--sets seeds,dev,own] [--json FILE] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "tools" / "score.py"

SETS = {
    "seeds": (SHARED / "corpus" / "seeds", SHARED / "corpus" / "gold" / "seeds.jsonl"),
    "dev": (SHARED / "corpus" / "dev" / "docs", SHARED / "corpus" / "dev" / "gold.jsonl"),
    "own": (ROOT / "bench" / "devset" / "docs", ROOT / "bench" / "devset" / "gold.jsonl"),
    # bench/heldout: written apart from the extractor; "tune" errors were studied, "sealed" never
    "tune": (
        ROOT / "bench" / "heldout" / "tune" / "docs",
        ROOT / "bench" / "heldout" / "tune" / "gold.jsonl",
    ),
    "sealed": (
        ROOT / "bench" / "heldout" / "sealed" / "docs",
        ROOT / "bench" / "heldout" / "sealed" / "gold.jsonl",
    ),
}
GOALS = {"seeds": 0.85, "dev": 0.75, "own": 0.80, "tune": 0.80, "sealed": 0.80}


def files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def run_tipwatch(files: list[Path], out: Path) -> None:
    exe = Path(sys.executable).with_name("tipwatch")
    cmd = [str(exe), "extract", *map(str, files), "--format", "jsonl"]
    with out.open("w", encoding="utf-8") as fh:
        proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.PIPE, text=True, check=False)
    if proc.stderr.strip():
        print(proc.stderr.strip(), file=sys.stderr)


def _amount(text: str) -> tuple[float | None, str | None]:
    m = re.search(r"(\d[\d,.]*)", text)
    if not m:
        return None, None
    digits = m.group(1).rstrip(".,").replace(",", "")
    try:
        value = float(digits)
    except ValueError:
        return None, None
    scale = 1e6 if re.search(r"million|millones|milhões", text, re.I) else 1.0
    cur = "USD" if "$" in text or "dollar" in text.lower() else None
    return value * scale, cur


def run_bare_spacy(files: list[Path], gold: dict[str, dict[str, object]], out: Path) -> None:
    """Bare spaCy: the full default pipeline, entities mapped onto the contract as they are."""
    import pycountry
    import spacy

    from tipwatch.ingest import read_file
    from tipwatch.settings import load_settings

    settings = load_settings()
    models: dict[str, object] = {}
    with out.open("w", encoding="utf-8") as fh:
        for path in files:
            doc, _ = read_file(path, settings)
            lang = str(gold.get(path.name, {}).get("language") or doc.language or "en")
            name = settings.model_en if lang == "en" else settings.model_es
            if name not in models:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    models[name] = spacy.load(name)
            sp = models[name](doc.text)  # type: ignore[operator]
            persons, orgs, places, countries, money = [], [], [], set(), []
            for e in sp.ents:
                t = e.text.strip()
                if e.label_ in ("PERSON", "PER"):
                    persons.append({"name": t, "roles": []})
                elif e.label_ == "ORG":
                    orgs.append({"name": t, "kind": "other"})
                elif e.label_ in ("GPE", "LOC"):
                    try:
                        countries.add(pycountry.countries.lookup(t).alpha_2)
                    except LookupError:
                        places.append({"name": t, "country": None, "subdivision": None})
                elif e.label_ == "MONEY":
                    value, cur = _amount(t)
                    if value is not None and cur:
                        money.append(
                            {"amount": value, "amount_max": None, "currency": cur, "context": "other"}
                        )
            row = {
                "doc": path.name,
                "language": lang,
                "published": None,
                "countries": sorted(countries),
                "places": places,
                "persons": persons,
                "organizations": orgs,
                "exploitation": [],
                "indicators": [],
                "victims": {"count": None, "minors": None, "age_min": None, "age_max": None, "sexes": []},
                "events": [],
                "money": money,
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def score(gold: Path, pred: Path) -> dict[str, dict[str, float]]:
    proc = subprocess.run(
        [sys.executable, str(SCORE), str(gold), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default="seeds,dev,own,tune,sealed")
    ap.add_argument("--json", type=Path, help="also write all figures to this file")
    ap.add_argument("--markdown", action="store_true", help="print the README table")
    args = ap.parse_args()
    if not SCORE.exists():
        print(f"{SCORE} not found: the shared corpus sits beside the repository", file=sys.stderr)
        return 2
    results: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sets.split(","):
            folder, gold_path = SETS[name]
            if not gold_path.exists():
                print(f"skipping {name}: {gold_path} missing", file=sys.stderr)
                continue
            gold = {
                json.loads(x)["doc"]: json.loads(x)
                for x in gold_path.read_text(encoding="utf-8").splitlines()
                if x.strip()
            }
            files = [p for p in files_of(folder) if p.name in gold]
            tw, bare = Path(tmp) / f"{name}.tipwatch.jsonl", Path(tmp) / f"{name}.spacy.jsonl"
            run_tipwatch(files, tw)
            run_bare_spacy(files, gold, bare)
            results[name] = {"tipwatch": score(gold_path, tw), "spacy": score(gold_path, bare)}
    keys = [k for k in next(iter(results.values()))["tipwatch"] if k != "macro_f1"] if results else []
    header = "| key | " + " | ".join(f"{s} tipwatch | {s} spaCy" for s in results) + " |"
    print(header)
    print("|" + "---|" * (1 + 2 * len(results)))
    for k in [*keys, "macro_f1"]:
        cells = []
        for s in results:
            for who in ("tipwatch", "spacy"):
                v = results[s][who][k]
                f = v if isinstance(v, float) else v["f"]  # type: ignore[index]
                cells.append(f"{f:.2f}")
        label = f"**{k}**" if k == "macro_f1" else k
        print(f"| {label} | " + " | ".join(cells) + " |")
    for s in results:
        macro = results[s]["tipwatch"]["macro_f1"]
        goal = GOALS[s]
        print(
            f"{s}: macro F1 {macro:.3f} (goal {goal:.2f}) {'met' if macro >= goal else 'NOT met'}",
            file=sys.stderr,
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
