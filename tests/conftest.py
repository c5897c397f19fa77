"""Fixtures shared by the whole suite: the one place to look for where a fixture comes from."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tipwatch.model import Document
from tipwatch.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings(env={})


@pytest.fixture(scope="session")
def extractor(settings):
    """One extractor for the whole run: the spaCy models load once."""
    from tipwatch.extract import make_extractor

    return make_extractor(settings)


def make_doc(
    text: str, language: str = "en", published: str | None = None, name: str = "doc.txt"
) -> Document:
    """A Document from text written in a test."""
    return Document(
        id=hashlib.sha256(text.encode()).hexdigest(),
        name=name,
        format="text",
        text=text,
        language=language,
        published=published,
    )


def make_ctx(text, lang="en", mentions=(), main_country=None, published=None):
    """An extraction Context over text written in a test, without running the model.

    ``mentions`` are (substring, kind, key, attrs), each found after the previous one.
    """
    from tipwatch.extract.context import Context, Mention
    from tipwatch.extract.sentences import split_sentences

    ctx = Context(make_doc(text, lang, published, name="t.txt"), lang, split_sentences(text), [])
    pos = 0
    for sub, kind, key, attrs in mentions:
        start = text.index(sub, pos)
        ctx.mentions.append(Mention(start, start + len(sub), sub, kind, key, dict(attrs)))
        pos = start
    ctx.mentions.sort(key=lambda m: m.start)
    ctx.main_country = main_country
    return ctx


@pytest.fixture
def shared() -> Path:
    """The shared corpus beside the repository; tests that need it skip without it."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is not beside the repository")
    return SHARED


# -- a throw-away PostgreSQL server for the store tests (issue 8) -----------------------------
# Debian's postgresql package (``make test`` installs it) gives initdb and pg_ctl; the server
# runs in a temporary folder on a free port of 127.0.0.1 for the session and is stopped after.
# Run as root (containers, CI), the server runs as the ``postgres`` user: PostgreSQL refuses root.


def _pg_bindir() -> Path | None:
    import shutil

    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return versions[-1].parent if versions else None


@pytest.fixture(scope="session")
def pg_server():
    """The base URL (no database) of a PostgreSQL server started for this session."""
    import os
    import pwd
    import shutil
    import socket
    import subprocess
    import tempfile

    bindir = _pg_bindir()
    if bindir is None:
        reason = "PostgreSQL server binaries (initdb) not found; install Debian's postgresql (make test does)"
        if os.environ.get("CI"):
            pytest.fail(reason)  # on CI the PostgreSQL half of the store tests must run
        pytest.skip(reason)
    prefix: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="tipwatch-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user to run the PostgreSQL server as")
        os.chown(folder, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data, log = folder / "data", folder / "server.log"

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    try:
        run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )
        # fsync and full-page writes off: the data lives only as long as the test session.
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(
            f"could not start PostgreSQL from {bindir}: {exc} {detail.decode(errors='replace')[-300:]}"
        )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_database(pg_server):
    """One migrated database for the session; ``pg_url`` empties it before each test."""
    import psycopg

    from tipwatch.store.postgres import PostgresStore

    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
        conn.execute("CREATE DATABASE tipwatch_test")
    url = f"{pg_server}/tipwatch_test"
    PostgresStore(url).close()
    with psycopg.connect(url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version'"
            )
        ]
    return url, "TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE"


@pytest.fixture
def pg_url(pg_database):
    """The URL of a migrated, empty PostgreSQL database (emptied for each test: faster than creating one)."""
    import psycopg

    url, truncate = pg_database
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(truncate)
    return url


@pytest.fixture
def pg_blank_url(pg_server):
    """The URL of a fresh PostgreSQL database without any tipwatch table (for migration tests)."""
    return _create_pg_database(pg_server, "template0")


def _create_pg_database(server: str, template: str) -> str:
    import psycopg

    name = f"tipwatch_t{next(_PG_SERIAL)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    return f"{server}/{name}"


def _serial():
    n = 0
    while True:
        n += 1
        yield n


_PG_SERIAL = _serial()
