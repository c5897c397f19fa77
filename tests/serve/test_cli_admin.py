"""tipwatch/serve/cli_admin.py: ``tipwatch migrate --to URL`` moves a store to PostgreSQL and back."""

from __future__ import annotations

from click.testing import CliRunner

from tests.store.samples import fill
from tipwatch.model import User
from tipwatch.resolve.model import Judgement
from tipwatch.serve.cli import cli
from tipwatch.store.copy import TABLES, table_checksum
from tipwatch.store.postgres import PostgresStore
from tipwatch.store.sqlite import SQLiteStore


def _make_store(path) -> None:
    with SQLiteStore(path) as s:
        fill(s)
        s.put_judgement(Judgement("m:ramiro", "m:ramiro solis", "positive", 0.8, "same man", "lucia"))
        s.add_user(User("lucia", "analyst", "d" * 64))
        s.log_access("lucia", "view", "entity:ent-1")


def test_migrate_to_postgres_and_back_round_trips(tmp_path, pg_url):
    source = tmp_path / "team.db"
    _make_store(source)
    runner = CliRunner()
    there = runner.invoke(cli, ["migrate", "--to", pg_url], env={"TIPWATCH_DB_URL": f"sqlite:///{source}"})
    assert there.exit_code == 0, there.output
    lines = there.output.strip().splitlines()
    assert len(lines) == len(TABLES) + 1  # one line per table, then the verdict
    assert all(line.endswith(" ok") for line in lines[:-1])
    assert lines[-1].endswith("counts and checksums match")
    assert any(line.startswith("judgements") and " 1 -> 1 " in line for line in lines)

    back = tmp_path / "back.db"
    again = runner.invoke(cli, ["migrate", "--to", f"sqlite:///{back}"], env={"TIPWATCH_DB_URL": pg_url})
    assert again.exit_code == 0, again.output
    with SQLiteStore(source) as a, SQLiteStore(back) as b, PostgresStore(pg_url) as pg:
        for table in TABLES:
            assert table_checksum(a, table) == table_checksum(b, table) == table_checksum(pg, table)
        assert pg.get_judgements()[0].author == "lucia"
        assert pg.find_user("d" * 64).name == "lucia"
    found = runner.invoke(cli, ["search", "Quetzaltenango"], env={"TIPWATCH_DB_URL": pg_url})
    assert found.exit_code == 0 and "Rescate en Quetzaltenango" in found.output


def test_migrate_into_non_empty_store_fails_in_one_line(tmp_path):
    source, target = tmp_path / "a.db", tmp_path / "b.db"
    _make_store(source)
    _make_store(target)
    result = CliRunner().invoke(
        cli, ["migrate", "--to", f"sqlite:///{target}"], env={"TIPWATCH_DB_URL": f"sqlite:///{source}"}
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: the target store already holds documents, judgements or users; copy into an empty database"
    )


def test_migrate_to_itself_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    result = CliRunner().invoke(cli, ["migrate", "--to", url], env={"TIPWATCH_DB_URL": url})
    assert result.exit_code == 1 and "names the store being copied" in result.output
