"""tipwatch/serve/cli_backup.py: ``tipwatch backup`` and ``tipwatch restore``, also under a running server."""

from __future__ import annotations

import httpx
import pytest
from click.testing import CliRunner

from tests.store.workload import api_server, check_store, ingest_folder, write_batch
from tipwatch.serve.cli import cli
from tipwatch.store.migrations import SCHEMA_VERSION


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "store.db"
    ingest_folder(write_batch(tmp_path / "in", 6, paragraphs=4)[0].parent, path)
    monkeypatch.setenv("TIPWATCH_DB_URL", f"sqlite:///{path}")
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_backup_then_restore_to_a_new_store(db, tmp_path, monkeypatch):
    result = run("backup", str(tmp_path / "b.db"))
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.strip()
        == f"backed up to {tmp_path / 'b.db'}: 6 documents, schema version {SCHEMA_VERSION}, "
        + (f"{(tmp_path / 'b.db').stat().st_size} bytes")
    )
    monkeypatch.setenv("TIPWATCH_DB_URL", f"sqlite:///{tmp_path / 'new.db'}")
    result = run("restore", str(tmp_path / "b.db"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"restored {tmp_path / 'b.db'} to {tmp_path / 'new.db'}: 6 documents")
    assert check_store(tmp_path / "new.db") == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("restore", "{tmp}/b.db"), "the store holds data; add --force"),
        (("backup", "{tmp}/b.db"), "already exists; choose a new file or add --force"),
        (("restore", "{tmp}/missing.db"), "no such backup file"),
    ],
)
def test_cli_backup_restore_refusals_are_one_line(db, tmp_path, args, message):
    assert run("backup", str(tmp_path / "b.db")).exit_code == 0
    result = run(*(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert check_store(db) == 6


def test_cli_backup_refuses_a_postgresql_store(monkeypatch, tmp_path):
    monkeypatch.setenv("TIPWATCH_DB_URL", "postgresql://tipwatch@127.0.0.1/tipwatch")
    result = run("backup", str(tmp_path / "b.db"))
    assert result.exit_code == 1
    assert "pg_dump" in result.stderr


def test_cli_backup_and_restore_while_the_api_server_runs(db, tmp_path):
    """The server keeps answering; after a forced restore it serves the restored store."""

    def total(base, token) -> int:
        answer = httpx.get(
            f"{base}/api/documents", params={"q": "report"}, headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 200, answer.text
        return answer.json()["total"]

    with api_server(db) as (base, token):
        assert total(base, token) == 6
        assert run("backup", str(tmp_path / "b.db")).exit_code == 0
        ingest_folder(write_batch(tmp_path / "more", 4, paragraphs=4, seed=3)[0].parent, db)
        assert total(base, token) == 10
        result = run("restore", "--force", str(tmp_path / "b.db"))
        assert result.exit_code == 0, result.output
        assert total(base, token) == 6
    assert check_store(db) == 6
