"""tipwatch/serve/cli_serve.py through click's CliRunner: users add/list/revoke, audit, serve."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tipwatch.serve.auth import hash_token, user_for_token
from tipwatch.serve.cli import cli
from tipwatch.store import SQLiteStore


def _run(tmp_path, *args):
    env = {"TIPWATCH_DB_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    return CliRunner().invoke(cli, list(args), env=env)


def test_cli_users_add_prints_token_once_and_stores_its_hash(tmp_path):
    result = _run(tmp_path, "users", "add", "rosa", "--role", "analyst")
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert len(token) >= 40 and "\n" not in token
    with SQLiteStore(tmp_path / "cli.db") as store:
        user = store.get_user("rosa")
        assert user.role == "analyst" and user.token_hash == hash_token(token)
        assert user_for_token(store, token).name == "rosa"
        assert token not in json.dumps([u.to_dict() for u in store.list_users()])


def test_cli_users_list_and_revoke(tmp_path):
    token = _run(tmp_path, "users", "add", "rosa").stdout.strip()
    _run(tmp_path, "users", "add", "tomas", "--role", "admin")
    listed = _run(tmp_path, "users", "list", "--json")
    assert [(u["name"], u["role"], u["revoked_at"]) for u in json.loads(listed.stdout)] == [
        ("rosa", "viewer", None),
        ("tomas", "admin", None),
    ]
    assert _run(tmp_path, "users", "revoke", "rosa").exit_code == 0
    assert "revoked" in _run(tmp_path, "users", "list").stdout.splitlines()[0]
    with SQLiteStore(tmp_path / "cli.db") as store:
        assert user_for_token(store, token) is None


def test_cli_users_errors_are_one_line(tmp_path):
    _run(tmp_path, "users", "add", "rosa")
    again = _run(tmp_path, "users", "add", "rosa")
    assert again.exit_code == 1 and again.stderr.startswith("Error: user 'rosa' exists already")
    missing = _run(tmp_path, "users", "revoke", "nobody")
    assert missing.exit_code == 1 and "no user with id 'nobody'" in missing.stderr
    assert _run(tmp_path, "users", "add", "x", "--role", "owner").exit_code == 2


def test_cli_audit_lists_newest_first(tmp_path):
    _run(tmp_path, "users", "add", "rosa")
    _run(tmp_path, "users", "revoke", "rosa")
    with SQLiteStore(tmp_path / "cli.db") as store:
        store.log_access("rosa", "read_document", "abc123", "1 protected person(s)")
    records = json.loads(_run(tmp_path, "audit", "--json").stdout)
    assert [r["action"] for r in records] == ["read_document", "revoke_user", "add_user"]
    only = _run(tmp_path, "audit", "--user", "rosa").stdout.splitlines()
    assert len(only) == 1 and "read_document\tabc123" in only[0]


def test_cli_serve_help_names_the_default_address(tmp_path):
    result = _run(tmp_path, "serve", "--help")
    assert result.exit_code == 0 and "127.0.0.1" in result.stdout and "--port" in result.stdout
