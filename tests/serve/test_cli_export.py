"""tipwatch/serve/cli_export.py: ``tipwatch export`` through CliRunner on a real SQLite store."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from tipwatch.serve.cli import cli

# A fictional rescue story: a named 14-year-old victim and a named suspect.
RESCUE = """Police rescue 14-year-old girl from bar in Escuintla

Escuintla, March 3, 2021. Agents of the National Civil Police rescued Yesenia Saquic Ajpop, 14, from a bar
on the outskirts of Escuintla on Tuesday, after her mother reported her missing in January.

Prosecutors said the girl had been recruited with a promise of work as a waitress and was forced to serve
clients. The owner of the bar, Rigoberto Letona Paiz, 52, was arrested and charged with human trafficking.

Saquic was taken to a state shelter, where she receives care. Letona Paiz denied the charges, his lawyer said.
"""


@pytest.fixture
def rescue_db(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "rescue.txt").write_text(RESCUE, encoding="utf-8")
    env = {"TIPWATCH_DB_URL": f"sqlite:///{tmp_path / 'tw.db'}"}
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "docs")], env=env)
    assert result.exit_code == 0, result.output
    return env


@pytest.mark.issue(6)
def test_cli_export_jsonl_redacted_names_the_suspect_not_the_victim(rescue_db):
    result = CliRunner().invoke(cli, ["export", "--format", "jsonl", "--redact"], env=rescue_db)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Rigoberto Letona Paiz" in out
    for name in ("Yesenia", "Saquic", "Ajpop"):
        assert name not in out
    assert all(json.loads(line) for line in out.splitlines())
    assert "exported" in result.stderr and "(redacted)" in result.stderr


def test_cli_export_writes_a_file_only_when_asked(rescue_db, tmp_path):
    target = tmp_path / "graph.graphml"
    result = CliRunner().invoke(cli, ["export", "--format", "graphml", "-o", str(target)], env=rescue_db)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    g = nx.read_graphml(target)
    assert "document" in {d["type"] for _, d in g.nodes(data=True)}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_cli_export_is_the_same_twice(rescue_db):
    runs = [CliRunner().invoke(cli, ["export", "--format", "ftm"], env=rescue_db).stdout for _ in range(2)]
    assert runs[0] == runs[1] and runs[0].count("\n") > 3


def test_cli_export_into_a_missing_folder_is_one_error_line(rescue_db, tmp_path):
    result = CliRunner().invoke(cli, ["export", "-o", str(tmp_path / "nope" / "x.jsonl")], env=rescue_db)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "does not exist" in result.stderr
    assert result.stderr.count("\n") == 1
