"""Fictional stories and a ready store for the serve tests (people invented, places real).

``build_store(path)`` stores a rescue story with a named 14-year-old victim and a named
suspect, a Spanish follow-up and an unrelated labour story, each with hand-made facts
whose evidence offsets are true, plus resolved entities and one case, and three accounts.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass

from starlette.exceptions import StarletteDeprecationWarning

from tipwatch.model import Document, Event, Evidence, Facts, Label, Organization, Person, Place, Victims
from tipwatch.resolve.model import Case, CaseEvent, Entity, Mention
from tipwatch.serve.auth import create_user
from tipwatch.store import SQLiteStore

with warnings.catch_warnings():
    # Starlette 1.10 asks for the httpx2 package; the pinned httpx works the same for the
    # test client, so the import-time deprecation notice is silenced here, once.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient  # noqa: F401  re-exported for the serve tests

VICTIM = "Yessenia Tapullima Arirama"
VICTIM_PARTS = ("Yessenia", "Tapullima", "Arirama")
SUSPECT = "Rodolfo Quispe Manihuari"
OFFICIAL = "Carmen Vela Soria"

RESCUE = f"""Police rescue 14-year-old girl from a bar in Iquitos

Police in Iquitos rescued {VICTIM}, 14, from a bar in the Belén district on Saturday night, after a call from her aunt.
Officers arrested the owner of the bar, {SUSPECT}, 47, on charges of human trafficking for sexual exploitation.
Prosecutor {OFFICIAL} said Yessenia had been recruited in Yurimaguas with the promise of a job as a waitress.
Tapullima is now in a shelter run by the Ministry of Women, and the investigation continues.
"""

FOLLOW_UP = f"""Prisión preventiva para dueño de bar en Iquitos

El juez ordenó nueve meses de prisión preventiva para {SUSPECT}, acusado de trata de personas.
Según la fiscal {OFFICIAL}, la adolescente Yessenia Tapullima fue captada en Yurimaguas.
"""

LABOUR = """Inspectors find unpaid workers at a brick kiln near Chiclayo

Labour inspectors found eleven men working without pay at a brick kiln near Chiclayo.
Inspector Walter Huaman Ccori said the workers had been promised wages that never came.
"""


def _doc(text: str, name: str, language: str, published: str) -> Document:
    title = text.split("\n", 1)[0]
    return Document(
        id=hashlib.sha256(text.encode()).hexdigest(),
        name=name,
        format="text",
        text=text,
        language=language,
        published=published,
        title=title,
        size=len(text.encode()),
    )


def ev(text: str, needle: str, nth: int = 0) -> Evidence:
    """The evidence span of the sentence (line) holding the nth occurrence of ``needle``."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    return Evidence(start, end, text[start:end])


@dataclass
class Stored:
    rescue: str
    follow_up: str
    labour: str
    tokens: dict[str, str]
    victim_entity: str
    suspect_entity: str
    case_id: str


def rescue_facts(doc: Document) -> Facts:
    t = doc.text
    return Facts(
        doc=doc.name,
        doc_id=doc.id,
        language="en",
        published=doc.published,
        countries=[Label("PE", [ev(t, "Police in Iquitos")])],
        places=[
            Place("Iquitos", "PE", "PE-LOR", [ev(t, "Police in Iquitos")]),
            Place("Yurimaguas", "PE", "PE-LOR", [ev(t, "Yurimaguas")]),
        ],
        persons=[
            Person(VICTIM, ["victim"], [ev(t, VICTIM)], None, 14),
            Person(SUSPECT, ["suspect"], [ev(t, SUSPECT)], None, 47),
            Person(OFFICIAL, ["official"], [ev(t, OFFICIAL)]),
        ],
        organizations=[Organization("Ministry of Women", "government", [ev(t, "Ministry of Women")])],
        exploitation=[Label("sex_trafficking", [ev(t, "sexual exploitation")])],
        victims=Victims(
            count=1,
            minors=True,
            age_min=14,
            age_max=14,
            sexes=["female"],
            evidence={"count": [ev(t, VICTIM)], "minors": [ev(t, VICTIM)]},
        ),
        events=[
            Event("rescue", 1, "2024-03-02", "PE", [ev(t, "Police in Iquitos rescued")]),
            Event("arrest", 1, "2024-03-02", "PE", [ev(t, "Officers arrested")]),
        ],
    )


def follow_up_facts(doc: Document) -> Facts:
    t = doc.text
    return Facts(
        doc=doc.name,
        doc_id=doc.id,
        language="es",
        published=doc.published,
        countries=[Label("PE", [ev(t, "Yurimaguas")])],
        persons=[
            Person(SUSPECT, ["suspect"], [ev(t, SUSPECT)]),
            Person(OFFICIAL, ["official"], [ev(t, OFFICIAL)]),
            Person("Yessenia Tapullima", ["victim"], [ev(t, "Yessenia Tapullima")]),
        ],
        exploitation=[Label("sex_trafficking", [ev(t, "trata de personas")])],
        events=[Event("charge", None, "2024-03-20", "PE", [ev(t, "prisión preventiva para")])],
    )


def labour_facts(doc: Document) -> Facts:
    t = doc.text
    return Facts(
        doc=doc.name,
        doc_id=doc.id,
        language="en",
        published=doc.published,
        countries=[Label("PE", [ev(t, "near Chiclayo", 1)])],
        places=[Place("Chiclayo", "PE", "PE-LAM", [ev(t, "near Chiclayo", 1)])],
        persons=[Person("Walter Huaman Ccori", ["official"], [ev(t, "Walter")])],
        exploitation=[Label("forced_labor", [ev(t, "without pay")])],
        events=[Event("investigation", None, "2023", "PE", [ev(t, "Labour inspectors")])],
    )


def _mention(doc: Document, name: str, kind: str, protected: bool = False, **data: object) -> Mention:
    return Mention(
        key=f"{doc.id[:12]}:{kind}:{name.lower()}",
        doc_id=doc.id,
        kind=kind,
        name=name,
        evidence=[ev(doc.text, name)],
        country="PE",
        protected=protected,
        data=dict(data),
    )


def build_store(path: str) -> Stored:
    """A store at ``path`` with the three stories, their entities, one case and three accounts."""
    rescue = _doc(RESCUE, "iquitos_rescue.txt", "en", "2024-03-03")
    follow = _doc(FOLLOW_UP, "iquitos_prision.txt", "es", "2024-03-21")
    labour = _doc(LABOUR, "chiclayo_kiln.txt", "en", "2023-07-14")
    with SQLiteStore(path) as store:
        store.add_document(rescue, RESCUE.encode(), rescue_facts(rescue))
        store.add_document(follow, FOLLOW_UP.encode(), follow_up_facts(follow))
        store.add_document(labour, LABOUR.encode(), labour_facts(labour))
        victim = Entity(
            id="ent-victim-0001",
            kind="person",
            name=VICTIM,
            names=[VICTIM, "Yessenia Tapullima"],
            countries=["PE"],
            protected=True,
            mentions=[
                _mention(rescue, VICTIM, "person", True, roles=["victim"], age=14),
                _mention(follow, "Yessenia Tapullima", "person", True, roles=["victim"]),
            ],
        )
        suspect = Entity(
            id="ent-suspect-0001",
            kind="person",
            name=SUSPECT,
            names=[SUSPECT],
            countries=["PE"],
            mentions=[
                _mention(rescue, SUSPECT, "person", roles=["suspect"], age=47),
                _mention(follow, SUSPECT, "person", roles=["suspect"]),
            ],
        )
        official = Entity(
            id="ent-official-0001",
            kind="person",
            name=OFFICIAL,
            names=[OFFICIAL],
            countries=["PE"],
            mentions=[
                _mention(rescue, OFFICIAL, "person", roles=["official"]),
                _mention(follow, OFFICIAL, "person", roles=["official"]),
            ],
        )
        iquitos = Entity(
            id="ent-place-iquitos",
            kind="place",
            name="Iquitos",
            countries=["PE"],
            mentions=[_mention(rescue, "Iquitos", "place")],
        )
        case = Case(
            id="case-iquitos-0001",
            title=f"Rescue of {VICTIM} in Iquitos",
            doc_ids=[rescue.id, follow.id],
            entity_ids=[victim.id, suspect.id, official.id, iquitos.id],
            countries=["PE"],
            exploitation=["sex_trafficking"],
            events=[
                CaseEvent(
                    "charge",
                    follow.id,
                    "2024-03-20",
                    "Iquitos",
                    f"{SUSPECT} held in custody",
                    [ev(FOLLOW_UP, "prisión preventiva para")],
                ),
                CaseEvent(
                    "rescue",
                    rescue.id,
                    "2024-03-02",
                    "Iquitos",
                    f"{VICTIM} rescued from a bar",
                    [ev(RESCUE, "Police in Iquitos rescued")],
                ),
                CaseEvent(
                    "arrest",
                    rescue.id,
                    "2024-03-02",
                    "Iquitos",
                    "bar owner arrested",
                    [ev(RESCUE, "Officers arrested")],
                ),
            ],
        )
        store.replace_resolution([victim, suspect, official, iquitos], [case])
        tokens = {role: create_user(store, f"{role}-one", role) for role in ("viewer", "analyst", "admin")}
    return Stored(rescue.id, follow.id, labour.id, tokens, victim.id, suspect.id, case.id)


def leaks(text: str) -> list[str]:
    """The victim's name parts found in ``text`` (case-insensitive)."""
    low = text.lower()
    return [p for p in (VICTIM, *VICTIM_PARTS) if p.lower() in low]
