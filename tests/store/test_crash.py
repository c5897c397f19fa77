"""Crash safety: ingest killed with SIGKILL at random points, 20 times, leaves a sound store.

After each kill the store opens, ``PRAGMA integrity_check`` and the FTS5 index check pass,
every document is whole (its bytes, its facts and its country rows, or nothing), every
document the killed run reported as added is there, and running the batch again completes it.

Each run is a child forked by ``workload.py --fork-server`` (start-up is paid once) with a
cheap extractor (see there), killed after a random delay within how long its batch takes. The
seed is in every failure message; TIPWATCH_CRASH_SEED replays one.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.store.workload import check_store, ingest_folder, write_batch
from tipwatch.store.sqlite import SQLiteStore

DRIVER = Path(__file__).with_name("workload.py")
ROUNDS = 20
DOCS_PER_ROUND = 12
SPARE_SECONDS = 60


@pytest.fixture
def rounds(tmp_path):
    folders = [tmp_path / "in" / f"round_{i:02d}" for i in range(ROUNDS)]
    for i, folder in enumerate(folders):
        write_batch(folder, DOCS_PER_ROUND, paragraphs=30, seed=i)
    return folders


@pytest.fixture
def fork_server(tmp_path):
    """The driver in --fork-server mode, stopped at the end.

    Its stderr (and its children's) goes to a file: a pipe nobody reads would stop the
    server at its 64 kB'th byte of warnings, and the test with it.
    """
    errors = tmp_path / "fork-server.err"
    with (
        errors.open("w") as err,
        subprocess.Popen(
            [sys.executable, str(DRIVER), "--fork-server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            # One OpenBLAS thread: the fork server must stay single-threaded (see workload.py).
            env={**os.environ, "TIPWATCH_LOG_LEVEL": "ERROR", "OPENBLAS_NUM_THREADS": "1"},
        ) as server,
    ):
        assert server.stdout.readline().strip() == "ready", errors.read_text()
        yield server
        server.stdin.close()
        assert server.wait(timeout=30) == 0, errors.read_text()


def _batch_seconds(tmp_path: Path, fork_server) -> float:
    """How long one round's batch takes in a forked run here, measured on a spare batch."""
    spare = tmp_path / "spare"
    write_batch(spare, DOCS_PER_ROUND, paragraphs=30, seed=999)
    fork_server.stdin.write(f"{spare}\t{tmp_path / 'spare.db'}\n")
    fork_server.stdin.flush()
    started = time.monotonic()
    pid = int(fork_server.stdout.readline().split()[1])
    # Killed if it has not finished in a minute (a dozen short files take about a second), so
    # a stuck run fails the test instead of hanging it.
    timer = threading.Timer(SPARE_SECONDS, os.kill, (pid, signal.SIGKILL))
    timer.start()
    try:
        while not (line := fork_server.stdout.readline()).startswith("exit "):
            pass
    finally:
        timer.cancel()
    assert line.split()[1] == "0", f"the spare batch did not finish in {SPARE_SECONDS} s: {line.strip()}"
    return time.monotonic() - started


def test_crash_sigkill_at_random_points_leaves_a_sound_store(tmp_path, rounds, fork_server):
    seed = int(os.environ.get("TIPWATCH_CRASH_SEED", random.randrange(1 << 30)))
    rnd = random.Random(seed)
    db = tmp_path / "crash.db"
    batch_seconds = _batch_seconds(tmp_path, fork_server)
    mid_batch = before = 0
    for i, folder in enumerate(rounds):
        fork_server.stdin.write(f"{folder}\t{db}\n")
        fork_server.stdin.flush()
        pid = int(fork_server.stdout.readline().split()[1])
        time.sleep(rnd.uniform(0, batch_seconds * 1.1))
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it finished first: a kill after the end is one of the random points too
        reported = set()
        for line in iter(fork_server.stdout.readline, ""):
            if line.startswith("exit "):
                break
            if line.startswith("added "):
                reported.add(line.split(" ", 1)[1].strip())
        stored = check_store(db)
        assert stored - before >= len(reported), f"round {i}: a reported write was lost (seed {seed})"
        with SQLiteStore(db) as store:
            assert reported <= {d.path for d in store.iter_documents()}
        mid_batch += 0 < stored - before < DOCS_PER_ROUND
        # Running the batch again completes it.
        counts = ingest_folder(folder, db)
        done = stored - before
        assert counts == {"added": DOCS_PER_ROUND - done, "duplicate": done, "failed": 0}, f"seed {seed}"
        before += DOCS_PER_ROUND
        assert check_store(db) == before
    assert check_store(db) == ROUNDS * DOCS_PER_ROUND
    # Kills landed inside batches, not all before or after them.
    assert mid_batch >= 3, f"only {mid_batch} of {ROUNDS} kills landed mid-batch (seed {seed})"
