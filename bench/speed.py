"""Speed and memory of ``tipwatch extract`` beside bare spaCy on the same corpus.

The corpus is the shared seeds and real dev documents, repeated until it holds about
100,000 words (each copy gets a distinct name). Bare spaCy is what a user would run: the
model's full default pipeline (``spacy.load(name)``) over the same texts with
``nlp.pipe``, English documents through the English model and Spanish/Portuguese ones
through the Spanish model. Both sides are timed end to end in their own process, model
loading included; tipwatch also reads and normalises every file, which spaCy is spared.

    python bench/speed.py [--words 100000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

TIPWATCH_RUN = r"""
import resource, sys, time
from tipwatch.serve.cli import cli
t = time.perf_counter()
try:
    cli.main(["extract", *sys.argv[1:], "--format", "jsonl"], prog_name="tipwatch", standalone_mode=False)
finally:
    sys.stdout.flush()
    print(f"@@ {time.perf_counter() - t:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
"""

SPACY_RUN = r"""
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
import spacy
t = time.perf_counter()
jobs = json.load(open(sys.argv[1]))
n = 0
for model, texts in jobs.items():
    nlp = spacy.load(model)
    for doc in nlp.pipe(texts, batch_size=16):
        n += len(doc.ents)
print(f"@@ {time.perf_counter() - t:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
"""


def _measure(cmd: list[str]) -> tuple[float, float]:
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    line = next((x for x in proc.stderr.splitlines() if x.startswith("@@ ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"{cmd[0]} failed:\n{proc.stderr[-2000:]}")
    _, secs, rss_kb = line.split()
    return float(secs), int(rss_kb) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=100_000)
    args = ap.parse_args()

    from tipwatch.extract.nlp import model_for
    from tipwatch.ingest import read_file
    from tipwatch.settings import load_settings

    settings = load_settings()
    sources = sorted((SHARED / "corpus" / "seeds").glob("*")) + sorted(
        (SHARED / "corpus" / "dev" / "docs").glob("*")
    )
    if not sources:
        print("the shared corpus is missing beside the repository", file=sys.stderr)
        return 2
    docs = [(p, read_file(p, settings)[0]) for p in sources]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        words, copies = 0, 0
        jobs: dict[str, list[str]] = {}
        files: list[str] = []
        while words < args.words:
            for path, doc in docs:
                target = folder / f"{copies:03d}_{path.name}"
                shutil.copyfile(path, target)
                files.append(str(target))
                jobs.setdefault(model_for(doc.language or "en", settings), []).append(doc.text)
                words += len(doc.text.split())
            copies += 1
        job_file = Path(tmp) / "jobs.json"
        job_file.write_text(json.dumps(jobs), encoding="utf-8")
        t_secs, t_rss = _measure([sys.executable, "-c", TIPWATCH_RUN, *files])
        s_secs, s_rss = _measure([sys.executable, "-c", SPACY_RUN, str(job_file)])
    tw, sp = words / t_secs, words / s_secs
    print(
        f"corpus: {len(files)} documents, {words:,} words ({copies} copies of the shared seeds and dev set)"
    )
    print(f"{'':22}{'seconds':>9}{'words/s':>10}{'peak RSS MB':>13}")
    print(f"{'tipwatch extract':22}{t_secs:9.1f}{tw:10,.0f}{t_rss:13.0f}")
    print(f"{'bare spaCy (full)':22}{s_secs:9.1f}{sp:10,.0f}{s_rss:13.0f}")
    print(f"ratio tipwatch / spaCy: {tw / sp:.2f} (floor 0.70, goal 1.00)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
