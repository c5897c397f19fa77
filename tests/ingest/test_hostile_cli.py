"""The hostile corpus through the command: ``tipwatch ingest FOLDER`` (click's CliRunner).

One line per bad file on stderr, exit status 1, the good files stored with their facts, and
an intact store; a second run adds nothing. Runs the real extractor (the session's, loaded once).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tipwatch.serve import cli as cli_module
from tipwatch.serve.cli import cli

from .hostile import EXPECTED, write_hostile


@pytest.mark.slow
def test_hostile_folder_from_the_cli_gives_one_line_per_bad_file(tmp_path, monkeypatch, extractor):
    folder = write_hostile(tmp_path / "hostile")
    db = tmp_path / "store.db"
    monkeypatch.setenv("TIPWATCH_DB_URL", f"sqlite:///{db}")
    monkeypatch.setenv("TIPWATCH_MAX_SECONDS", "30")
    monkeypatch.setenv("TIPWATCH_LOG_LEVEL", "WARNING")
    monkeypatch.setattr(cli_module, "make_extractor", lambda settings: extractor)
    bad = sorted(name for name, expected in EXPECTED.items() if expected is not None)
    good = len(EXPECTED) - len(bad)

    result = CliRunner().invoke(cli, ["ingest", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert sorted(Path(line.split(": ", 1)[0]).name for line in lines) == bad  # one line per bad file
    assert result.stdout.splitlines()[-1] == f"ingested {good} documents, 0 already stored, {len(bad)} failed"

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == good
        assert conn.execute("SELECT COUNT(*) FROM facts").fetchone()[0] == good
    finally:
        conn.close()

    again = CliRunner().invoke(cli, ["ingest", str(folder)], catch_exceptions=False)
    assert again.exit_code == 1
    assert again.stdout.splitlines()[-1] == f"ingested 0 documents, {good} already stored, {len(bad)} failed"
