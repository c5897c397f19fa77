"""tipwatch/serve/cli_resolve.py through click's CliRunner on a real SQLite store (fictional facts)."""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from tipwatch.model import Document, Event, Evidence, Facts, Label, Organization, Person, Place
from tipwatch.serve.cli import cli
from tipwatch.store import SQLiteStore


def _add(store, n, persons, orgs=(), events=(), published="2021-05-20"):
    text = f"Fictional report number {n}. Police in Quetzaltenango acted."
    doc = Document(hashlib.sha256(text.encode()).hexdigest(), f"r{n}.txt", "text", text, "es", published)
    ev = [Evidence(0, 10, text[:10])]
    f = Facts(doc=doc.name, countries=[Label("GT", ev)], places=[Place("Quetzaltenango", "GT", "GT-09", ev)])
    f.persons = [Person(name, list(roles), ev) for name, roles in persons]
    f.organizations = [Organization(name, kind, ev, aliases=list(al)) for name, kind, al in orgs]
    f.events = [Event(t, c, d, "GT", ev) for t, c, d in events]
    f.exploitation = [Label("sex_trafficking", ev)]
    store.add_document(doc, text.encode(), f)


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "cli.db"
    monkeypatch.setenv("TIPWATCH_DB_URL", f"sqlite:///{path}")
    with SQLiteStore(path) as s:
        _add(
            s,
            1,
            [("Héctor Aldana Ruiz", ["suspect"]), ("Rosa Pop", ["victim"])],
            [("Policía Nacional Civil", "law_enforcement", ["PNC"])],
            [("arrest", 1, "2021-05-18")],
        )
        _add(
            s,
            2,
            [("Hector Aldana", ["suspect"])],
            [("PNC", "law_enforcement", [])],
            [("charge", 1, "2021-06-01")],
            "2021-06-02",
        )
        _add(s, 3, [("Jorge Aldana", ["official"])], published="2022-02-08")
    return path


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _ids(kind=None, query=None):
    args = ["entities", "--json"] + (["--kind", kind] if kind else []) + (["-q", query] if query else [])
    return [e["id"] for e in json.loads(run(*args).output)]


def test_resolve_then_list_and_show(db):
    out = run("resolve")
    assert out.exit_code == 0 and "resolved" in out.output and "cases" in out.output
    listing = run("entities", "--kind", "person").output
    assert "Héctor Aldana Ruiz" in listing and "Rosa Pop [protected]" in listing
    (hector,) = _ids("person", "héctor")
    shown = run("entity", hector).output
    assert (
        "Hector Aldana" in shown and "r1.txt" in shown and "r2.txt" in shown and "why these are one" in shown
    )
    data = json.loads(run("entity", hector, "--json").output)
    assert len(data["mentions"]) == 2 and data["cases"]
    (pnc,) = _ids("organization")
    assert set(json.loads(run("entity", pnc, "--json").output)["names"]) >= {"PNC", "Policía Nacional Civil"}


def test_merge_and_split_survive_resolve(db):
    run("resolve")
    (hector,) = _ids("person", "héctor")
    (jorge,) = _ids("person", "jorge")
    out = run("merge", hector, jorge, "--author", "ana", "--reason", "one man")
    assert out.exit_code == 0 and "merged into" in out.output
    run("resolve")
    (merged,) = _ids("person", "aldana")
    out = run("split", merged, "--author", "ana")
    assert out.exit_code == 0 and "split into" in out.output
    run("resolve")
    assert len(_ids("person", "aldana")) == 3


def test_cases_and_case(db):
    run("resolve")
    cases = json.loads(run("cases", "--json").output)
    assert [len(c["doc_ids"]) for c in cases] == [2]
    shown = run("case", cases[0]["id"]).output
    assert "timeline:" in shown and "arrest" in shown and "charge" in shown and "Rosa Pop" in shown
    assert "Rosa" not in cases[0]["title"]


def test_unknown_ids_are_one_line_errors(db):
    run("resolve")
    for args in (["entity", "per-000000"], ["case", "case-000000"], ["split", "per-000000"]):
        out = CliRunner().invoke(cli, args)
        assert (
            out.exit_code == 1
            and out.output.startswith("Error:")
            and len(out.output.strip().splitlines()) == 1
        )
