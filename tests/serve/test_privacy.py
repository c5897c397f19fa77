"""tipwatch/serve/privacy.py: no protected name reaches a viewer, whatever the documents say.

Hypothesis writes fictional reports (invented people, real places) naming victims and
minors, then reads every viewer API response and page built from them. Names come from
two disjoint pools, protected people and everyone else, so any word of a protected name
in a response is a leak.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stories import TestClient

from tipwatch.model import Document, Evidence, Facts, Person
from tipwatch.serve.app import create_app
from tipwatch.serve.auth import create_user
from tipwatch.serve.privacy import AccessLogWriter, ProtectedIndex
from tipwatch.settings import load_settings
from tipwatch.store import SQLiteStore

PROTECTED_FIRST = ["Maricielo", "Jhoselyn", "Anyeli", "Brayan", "Luzmila", "Ximena", "Dayana", "Kevin"]
PROTECTED_LAST = ["Ccahuana", "Yupanqui", "Huillca", "Taipe", "Chuquimia", "Mamani", "Aroni", "Cutipa"]
OTHER_FIRST = ["Teodoro", "Gervasio", "Nilda", "Fausto", "Eulalia", "Segundo"]
OTHER_LAST = ["Valdivieso", "Carhuamaca", "Benavente", "Saldarriaga", "Ordinola", "Zevallos"]
PLACES = ["Puno", "Juliaca", "Cusco", "Arequipa", "Tacna", "Madre de Dios"]

name = st.tuples(st.sampled_from(PROTECTED_FIRST), st.sampled_from(PROTECTED_LAST)).map(" ".join)
other = st.tuples(st.sampled_from(OTHER_FIRST), st.sampled_from(OTHER_LAST)).map(" ".join)
person = st.tuples(name, st.booleans(), st.integers(5, 30))  # (name, is_victim, age)


@st.composite
def report(draw: st.DrawFn) -> tuple[str, list[tuple[str, list[str], int | None]]]:
    """A report's text and its persons: (name, roles, age), with the sentences that name them."""
    place = draw(st.sampled_from(PLACES))
    protected = draw(st.lists(person, min_size=1, max_size=3, unique_by=lambda p: p[0]))
    protected = [p for p in protected if p[1] or p[2] < 18] or [(protected[0][0], True, protected[0][2])]
    suspect = draw(other)
    lines = [f"Rescue operation in {place}", ""]
    persons: list[tuple[str, list[str], int | None]] = []
    for full, is_victim, age in protected:
        first, last = full.split()
        lines.append(f"Police in {place} rescued {full}, {age}, from a house where {suspect} kept them.")
        lines.append(
            draw(st.sampled_from([f"{first} told officers about the threats.", f"{last} is now safe."]))
        )
        persons.append((full, ["victim"] if is_victim else ["other"], age))
    lines.append(f"{suspect} was arrested on trafficking charges in {place}.")
    persons.append((suspect, ["suspect"], None))
    return "\n".join(lines) + "\n", persons


def _facts(doc: Document, persons) -> Facts:
    out = []
    for full, roles, age in persons:
        pos = doc.text.index(full)
        start = doc.text.rfind("\n", 0, pos) + 1
        end = doc.text.index("\n", pos)
        out.append(Person(full, roles, [Evidence(start, end, doc.text[start:end])], None, age))
    return Facts(doc=doc.name, doc_id=doc.id, language="en", persons=out)


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", text)}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(report(), min_size=1, max_size=3))
def test_privacy_viewer_never_receives_a_protected_name(reports):
    secret: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.db"
        ids = []
        with SQLiteStore(path) as store:
            for n, (text, persons) in enumerate(reports):
                text = f"{text}Report {n}.\n"  # distinct bytes, distinct ids
                doc = Document(
                    hashlib.sha256(text.encode()).hexdigest(),
                    f"r{n}.txt",
                    "text",
                    text,
                    "en",
                    "2024-05-01",
                    text.split("\n", 1)[0],
                )
                store.add_document(doc, text.encode(), _facts(doc, persons))
                ids.append(doc.id)
                secret |= {
                    w.lower()
                    for full, roles, age in persons
                    if "victim" in roles or (age or 99) < 18
                    for w in full.split()
                }
            token = create_user(store, "v", "viewer")
        app = create_app(load_settings(env={}, db_url=f"sqlite:///{path}"))
        with TestClient(app, base_url="https://t") as client:
            head = {"Authorization": f"Bearer {token}"}
            bodies = [
                client.get("/api/documents", params={"q": q}, headers=head).text
                for q in ("rescued", "arrested", "police", "", *sorted(secret)[:3])
            ]
            bodies += [client.get(f"/api/documents/{i}", headers=head).text for i in ids]
            client.post("/login", data={"token": token, "next": "/"})
            bodies += [client.get(f"/documents/{i}").text for i in ids]
            bodies += [client.get("/search", params={"q": q}).text for q in ("rescued", sorted(secret)[0])]
    for body in bodies:
        assert _words(body) & secret == set()


def test_access_log_writer_never_waits_for_the_lock_and_drops_nothing(settings, tmp_path):
    path = tmp_path / "log.db"
    SQLiteStore(path).close()
    writer = AccessLogWriter(dataclasses.replace(settings, db_url=f"sqlite:///{path}"))
    writer.log("ana", "read_document", "doc-0")  # unhindered: written before log() returns
    with SQLiteStore(path) as store:
        assert [r.target for r in store.access_log()] == ["doc-0"]

    ingest = sqlite3.connect(path, isolation_level=None)
    ingest.execute("BEGIN IMMEDIATE")  # another writer holds the lock, as an ingest batch does
    t0 = time.monotonic()

    def analyst(n: int) -> None:
        for i in range(100):
            writer.log(f"analyst-{n}", "search", f"doc-{n}-{i}")

    threads = [threading.Thread(target=analyst, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    logging_took = time.monotonic() - t0
    time.sleep(0.3)  # the writer keeps retrying meanwhile
    assert writer.written == 1
    ingest.execute("COMMIT")
    ingest.close()

    assert logging_took < 1.5  # 400 records, none of them waited for the 30 s busy timeout
    assert writer.flush(timeout=10)
    writer.close()
    with SQLiteStore(path) as store:
        records = store.access_log(limit=1000)
    assert writer.written == len(records) == 401
    assert {r.target for r in records} == {"doc-0"} | {f"doc-{n}-{i}" for n in range(4) for i in range(100)}


def test_protected_index_readers_do_not_wait_for_a_rebuild(tmp_path, monkeypatch):
    import tipwatch.serve.privacy as privacy

    with SQLiteStore(tmp_path / "idx.db") as store:
        index = ProtectedIndex()
        index.refresh(store)  # the first build: callers wait, an empty index would hide nothing
        assert index.version == 1
        monkeypatch.setattr(privacy, "RECHECK_SECONDS", 0.0)
        with index._rebuild:  # another request is rebuilding right now
            t0 = time.monotonic()
            index.refresh(store)
            assert time.monotonic() - t0 < 0.5 and index.version == 1  # the current index serves
            assert index.cached(("no-such-doc", 0, None, None)) is None  # the cache lock is free meanwhile


def _story(text: str, name: str, victim: str) -> tuple[Document, Facts]:
    doc = Document(
        id=hashlib.sha256(text.encode()).hexdigest(), name=name, format="txt", text=text, size=len(text)
    )
    start = text.index(victim)
    quote = Evidence(start, start + len(victim), victim)
    return doc, Facts(doc=doc.id, persons=[Person(victim, ["victim"], [quote])])


def test_protected_index_keeps_redactors_a_new_name_does_not_touch(tmp_path, monkeypatch):
    import tipwatch.serve.privacy as privacy

    monkeypatch.setattr(privacy, "RECHECK_SECONDS", 0.0)
    first, first_facts = _story(
        "Police in Cusco rescued Rosa Huamani from a bar.", "cusco.txt", "Rosa Huamani"
    )
    with SQLiteStore(tmp_path / "keep.db") as store:
        store.add_document(first, first.text.encode(), first_facts)
        index = ProtectedIndex()
        index.refresh(store)
        before = index.redactor(first, first_facts)
        # A new victim elsewhere, named in a later report that also mentions her by name.
        second, second_facts = _story(
            "In Puno, Elena Condori was freed from a mine.", "puno.txt", "Elena Condori"
        )
        store.add_document(second, second.text.encode(), second_facts)
        third_text = "A follow-up from Juliaca: Elena Condori is safe in a shelter."
        third = Document(
            id=hashlib.sha256(third_text.encode()).hexdigest(),
            name="juliaca.txt",
            format="txt",
            text=third_text,
            size=len(third_text),
        )
        store.add_document(third, third_text.encode(), Facts(doc=third.id))
        index.refresh(store)
        assert index.version == 2  # a name was added: the index changed
        assert index.redactor(first, first_facts) is before  # ... but not for this document
        hidden = index.redactor(third, Facts(doc=third.id)).redact_text(third_text)
        assert "Condori" not in hidden and "Juliaca" in hidden  # the new name is hidden where it appears


class _PlainStore:
    """A store seen only through the Store protocol's reads, so the generic (Python) reading runs."""

    def __init__(self, store: SQLiteStore) -> None:
        self._store = store

    def iter_documents(self):
        return self._store.iter_documents()

    def get_facts(self, doc_id: str):
        return self._store.get_facts(doc_id)

    def list_entities(self, **kwargs):
        return self._store.list_entities(**kwargs)


def test_protected_names_read_in_sql_are_those_the_python_reading_finds(tmp_path):
    from tipwatch.resolve.model import Entity, Mention
    from tipwatch.serve.privacy import _all_protected_names

    text = (
        "In Tacna, Nilda Zevallos (19) and Kevin Aroni (15) were found in a workshop. "
        "Gervasio Ordinola, 44, was arrested; Dayana Cutipa, a witness aged 30, spoke to police.\n"
    )
    doc = Document(hashlib.sha256(text.encode()).hexdigest(), "tacna.txt", "text", text, "en")
    facts = Facts(
        doc=doc.id,
        persons=[
            Person("Nilda Zevallos", ["victim"], age=19),  # a victim of age
            Person("Kevin Aroni", ["other"], age=15),  # a minor by age alone
            Person("Gervasio Ordinola", ["suspect"], age=44),
            Person("Dayana Cutipa", ["witness"], age=30),
        ],
    )

    def entity(ident: str, name: str, *, flag: bool = False, data=None, mention_flag: bool = False) -> Entity:
        mention = Mention(f"m-{ident}", doc.id, "person", name, protected=mention_flag, data=data or {})
        return Entity(id=ident, kind="person", name=name, protected=flag, mentions=[mention])

    entities = [
        entity("e1", "Ximena Taipe Huillca", flag=True),  # flagged by resolution
        entity("e2", "Brayan Chuquimia", data={"roles": ["victim"]}),  # only its mention's roles say so
        entity("e3", "Luzmila Mamani", data={"roles": ["other"], "age": 12}),  # only its mention's age
        entity("e4", "Anyeli Yupanqui", mention_flag=True),  # only its mention's flag
        entity("e5", "Fausto Benavente", data={"roles": ["suspect"], "age": 51}),  # not protected
    ]
    with SQLiteStore(tmp_path / "names.db") as store:
        store.add_document(doc, text.encode(), facts)
        store.replace_resolution(entities, [])
        in_sql = _all_protected_names(store)
        in_python = _all_protected_names(_PlainStore(store))
    assert in_sql == in_python
    assert {"Nilda Zevallos", "Kevin Aroni", "Ximena Taipe Huillca", "Brayan Chuquimia"} <= in_sql
    assert {"Luzmila Mamani", "Anyeli Yupanqui"} <= in_sql
    assert not {"Gervasio Ordinola", "Dayana Cutipa", "Fausto Benavente"} & in_sql


# Names that overlap on purpose: a suspect shares a surname with a victim, a witness a first name.
_TITLE_WORDS = ["Rosa", "Quispe", "Teodoro", "Mamani", "Kevin", "Aroni", "Juliaca", "Santa", "Cusco"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TITLE_WORDS), min_size=1, max_size=6))
def test_case_title_redaction_builds_only_the_redactors_that_change_it(words):
    """A title passes only the documents whose hidden persons share a word with it; the result
    is the title every document's redactor in turn would give, then the store-wide names."""
    from tipwatch.model import User
    from tipwatch.resolve.model import CaseSummary
    from tipwatch.serve.privacy import View

    stories = [
        # a victim sharing a surname with the suspect, a town named like a saint
        (
            "Police in Santa Rosa rescued Rosa Quispe; Teodoro Quispe was arrested.",
            "Rosa Quispe",
            ["victim"],
            None,
        ),
        # a minor by the text alone: her facts give neither a role nor an age
        ("In Juliaca, Kevin Aroni, 15, was found working at night.", "Kevin Aroni", ["other"], None),
        # nobody hidden: its redactor changes nothing
        ("Teodoro Mamani, a prosecutor in Cusco, filed charges.", "Teodoro Mamani", ["official"], None),
    ]
    title = " ".join(words)
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "t.db") as store:
        ids = []
        for text, name, roles, age in stories:
            doc = Document(hashlib.sha256(text.encode()).hexdigest(), "s.txt", "text", text, "en")
            start = text.index(name)
            sentence = Evidence(0, len(text), text)
            persons = [Person(name, roles, [sentence], None, age)]
            if "Teodoro Quispe" in text:
                persons.append(Person("Teodoro Quispe", ["suspect"], [sentence]))
            assert start >= 0
            store.add_document(doc, text.encode(), Facts(doc=doc.id, persons=persons))
            ids.append(doc.id)
        index = ProtectedIndex()
        view = View(lambda: store, User("v", "viewer", "x"), index)
        expected = title
        for doc_id in ids:
            expected = index.redactor(store.get_document(doc_id), store.get_facts(doc_id)).redact_text(
                expected
            )
        expected = index.text_redactor(expected).redact_text(expected)
        summary = CaseSummary("case-1", title, len(ids), doc_ids=ids)
        changers = view._title_changers(ids, title)
        assert view._redacted_title(summary) == expected
    said = set(words)
    assert (ids[0] in changers) == bool(said & {"Rosa", "Quispe"})
    assert (ids[1] in changers) == bool(said & {"Kevin", "Aroni"})
    assert ids[2] not in changers
