"""tipwatch/resolve/entities.py: ids from content, display names."""

from __future__ import annotations

from tipwatch.resolve.entities import display_name, entity_id, make_entity
from tipwatch.resolve.model import Mention


def _m(key, name, doc, kind="person", **data):
    return Mention(key, doc, kind, name, data=data)


def test_id_is_a_hash_of_the_smallest_key():
    assert entity_id("person", ["b", "a"]) == entity_id("person", ["a", "c"])
    assert entity_id("person", ["a"]).startswith("per-") and entity_id("place", ["a"]).startswith("plc-")


def test_display_name_prefers_fullest_then_accents():
    ms = [_m("1", "Benavente", "d1"), _m("2", "Raul Benavente", "d2"), _m("3", "Raúl Benavente", "d3")]
    assert display_name("person", ms) == "Raúl Benavente"
    orgs = [_m("1", "PNC", "d1", "organization"), _m("2", "National Civil Police", "d2", "organization")]
    assert display_name("organization", orgs) == "National Civil Police"


def test_entity_gathers_names_roles_and_protection():
    e = make_entity(
        "person",
        [
            _m("k2", "Raúl Benavente", "d2", roles=["suspect"]),
            _m("k1", "Benavente", "d1", roles=["official"]),
        ],
        [],
    )
    assert e.names == ["Benavente", "Raúl Benavente"] and e.data["roles"] == ["official", "suspect"]
    assert [m.key for m in e.mentions] == ["k1", "k2"] and not e.protected
