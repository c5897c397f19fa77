"""tipwatch/serve/cli_profile.py: ``tipwatch profile`` and ``tipwatch compare`` through CliRunner."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tipwatch.serve.cli import cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analyse"))
from honduras import SUSPECT, VICTIM, build_store  # noqa: E402


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "cli.db"
    build_store(str(path))
    monkeypatch.setenv("TIPWATCH_DB_URL", f"sqlite:///{path}")
    return path


def test_cli_profile_text_shows_figures_with_their_sentences(db):
    result = CliRunner().invoke(cli, ["profile", "hn"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Honduras (HN)")
    assert "2013: 2 / 2WL  (sources disagree)" in out
    assert '"Honduras (Tier 2)" [hn_2013.txt' in out
    assert "2013: prevention 0/0, protection 1/1, prosecution 1/1" in out
    assert '"There were no convictions for labour trafficking during the year."' in out
    assert f"{SUSPECT} (person)" in out and VICTIM not in out.split("most mentioned:")[1].split("cases:")[0]
    assert "- SV: origin" in out


def test_cli_profile_json_and_range(db):
    result = CliRunner().invoke(cli, ["profile", "HN", "--json", "--from", "2014", "--to", "2015"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {t["year"] for t in data["tiers"]} == {2014, 2015}
    assert all(set(t) == {"year", "tier", "source", "evidence"} for t in data["tiers"])
    assert {e["type"] for e in data["events"]} == {"rescue", "charge"}


def test_cli_profile_html_writes_a_report(db, tmp_path):
    out = tmp_path / "hn.html"
    result = CliRunner().invoke(cli, ["profile", "HN", "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 3 and "<script" not in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["profile", "ZZ"], "Error: 'ZZ' is not an ISO 3166-1 alpha-2 country code"),
        (["profile", "HN", "--from", "2015", "--to", "2010"], "--from 2015 is after --to 2010"),
    ],
)
def test_cli_profile_bad_input_is_one_line(db, args, message):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0 and message in result.output
    assert "Traceback" not in result.output


def test_cli_compare_table_json_and_page(db, tmp_path):
    runner = CliRunner()
    table = runner.invoke(cli, ["compare", "HN", "SV", "HN"])
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert "Honduras (HN)" in lines[0] and "El Salvador (SV)" in lines[0] and lines[0].count("(HN)") == 1
    assert any(line.startswith("Documents") and line.split()[1:] == ["2", "1"] for line in lines)
    data = json.loads(runner.invoke(cli, ["compare", "HN", "SV", "--json"]).output)
    assert data["countries"] == ["HN", "SV"] and len(data["profiles"]) == 2
    page = tmp_path / "c.html"
    assert runner.invoke(cli, ["compare", "HN", "SV", "--html", str(page)]).exit_code == 0
    assert "El Salvador (SV)" in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_cli_profile_of_guatemala_from_the_seeds(shared, extractor, settings, tmp_path, monkeypatch):
    """The issue's check: the seeds ingested, GT has tier 2 in 2002 twice, a prosecution event and a protection gap."""
    from tipwatch.ingest import iter_files
    from tipwatch.store import SQLiteStore
    from tipwatch.store.batch import ingest_items

    path = tmp_path / "seeds.db"
    with SQLiteStore(path) as store:
        outcomes = list(ingest_items(store, iter_files([shared / "corpus" / "seeds"]), settings, extractor))
    assert outcomes and all(o.status == "added" for o in outcomes)
    monkeypatch.setenv("TIPWATCH_DB_URL", f"sqlite:///{path}")
    result = CliRunner().invoke(cli, ["profile", "GT", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    y2002 = [t for t in data["tiers"] if t["year"] == 2002]
    assert {t["tier"] for t in y2002} == {"2"}
    assert {t["source"].split(":")[0] for t in y2002} == {"kelley-heiss-2017", "document"}
    narrative = next(t for t in y2002 if t["source"].startswith("document:"))
    assert "(Tier 2)" in narrative["evidence"]["quote"]
    with SQLiteStore(path) as store:
        texts = {d.id: d.text for d in store.iter_documents()}
    prosecution = [e for e in data["events"] if e["p"] == "prosecution"]
    assert prosecution
    for e in prosecution:
        for q in e["evidence"]:
            assert texts[q["doc_id"]][q["start"] : q["end"]] == q["quote"]
    gaps = data["gaps"]["protection"]
    assert gaps
    for g in gaps:
        assert texts[g["doc_id"]][g["start"] : g["end"]] == g["quote"]
