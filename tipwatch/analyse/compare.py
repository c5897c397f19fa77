"""Several country profiles side by side: one row per measure, one value per country.

Takes ``CountryProfile``s and gives the rows that ``tipwatch compare`` prints as a table,
``--json`` emits and the compare page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .profile import CountryProfile, p_totals
from .threep import P


def latest_tier(profile: CountryProfile) -> str | None:
    """The most recent tier known, as ``"2 (2015)"``; both tiers when the sources disagree."""
    if not profile.tier_summary:
        return None
    last = profile.tier_summary[-1]
    return f"{' / '.join(last['tiers'])} ({last['year']})"


def compare_rows(profiles: Sequence[CountryProfile]) -> list[dict[str, Any]]:
    """Rows of measures, one value per profile, for the terminal table, the JSON and the page."""

    def row(key: str, label: str, values: list[Any]) -> dict[str, Any]:
        return {"key": key, "label": label, "values": values}

    totals = [p_totals(p) for p in profiles]
    rows = [
        row("documents", "Documents", [len(p.documents) for p in profiles]),
        row("latest_tier", "Latest tier", [latest_tier(p) or "-" for p in profiles]),
        row("events", "Events extracted", [len(p.events) for p in profiles]),
    ]
    for pv in P:
        rows.append(
            row(
                f"{pv.value}_actions",
                f"{pv.value.capitalize()} actions",
                [t[pv.value]["positive"] for t in totals],
            )
        )
        rows.append(
            row(
                f"{pv.value}_gaps",
                f"{pv.value.capitalize()} gaps stated",
                [t[pv.value]["gap"] for t in totals],
            )
        )
    rows += [
        row(
            "victims_counted",
            "Victims counted (sum of stated counts)",
            [p.victims.get("count_total") or "-" for p in profiles],
        ),
        row(
            "minors",
            "Documents reporting minors",
            [p.victims.get("documents_with_minors", 0) for p in profiles],
        ),
        row(
            "exploitation",
            "Main exploitation types",
            [", ".join(x["label"] for x in p.exploitation[:3]) or "-" for p in profiles],
        ),
        row("cases", "Cases", [len(p.cases) for p in profiles]),
        row(
            "links",
            "Countries linked",
            [", ".join(x["country"] for x in p.links[:5]) or "-" for p in profiles],
        ),
    ]
    return rows
