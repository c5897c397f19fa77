"""Country profiles as HTML: a self-contained report to send, and the body the web page shows.

Takes a ``CountryProfile`` (or its ``to_dict()``, possibly redacted for a viewer) and
returns HTML with the charts inline as SVG and, for the report, the CSS inline too: one
file that opens anywhere without a network. The web UI puts ``render_profile_body`` inside
its own layout, so the page and the report never drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..labels import EventType
from .charts import anchor_link, anchor_responses, anchor_tier, link_map_svg, p_bars_svg, tier_timeline_svg
from .compare import compare_rows
from .profile import CountryProfile, p_totals

TEMPLATES = resources.files("tipwatch") / "analyse" / "templates"


@cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("tipwatch", "analyse/templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(anchor_tier=anchor_tier, anchor_responses=anchor_responses, anchor_link=anchor_link)
    return env


def profile_css() -> str:
    """The stylesheet of profile pages and reports (inlined in a report)."""
    return (TEMPLATES / "profile.css").read_text(encoding="utf-8")


def _as_dict(profile: CountryProfile | Mapping[str, Any]) -> dict[str, Any]:
    return profile.to_dict() if isinstance(profile, CountryProfile) else dict(profile)


def _years(p: Mapping[str, Any]) -> list[str]:
    found = {str(t["year"]) for t in p["tiers"]} | set(p["events_by_year"]) | set(p["responses_by_year"])
    return sorted(y for y in found if y != "unknown") + (["unknown"] if "unknown" in found else [])


def profile_charts(p: Mapping[str, Any]) -> dict[str, Markup]:
    """The three SVG pictures of a profile, ready to put inline."""
    return {
        "tiers": Markup(tier_timeline_svg(p["tiers"])),
        "bars": Markup(p_bars_svg(p["responses_by_year"])),
        "map": Markup(link_map_svg(p["country"], p["links"])),
    }


def _local_doc(doc_id: str) -> str:
    return f"#doc-{doc_id}"


def render_profile_body(
    profile: CountryProfile | Mapping[str, Any], *, doc_url: Callable[[str], str] | None = None
) -> Markup:
    """The profile as an HTML fragment; ``doc_url`` links documents (default: the list at the end)."""
    p = _as_dict(profile)
    totals = p_totals(CountryProfile(**p)) if not isinstance(profile, CountryProfile) else p_totals(profile)
    html = (
        _env()
        .get_template("profile_body.html")
        .render(
            p=p,
            totals=totals,
            years=_years(p),
            charts=profile_charts(p),
            event_types=[t.value for t in EventType],
            doc_url=doc_url or _local_doc,
        )
    )
    return Markup(html)


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{Markup.escape(title)}</title><style>{profile_css()}"
        "body{margin:1.5em auto;padding:0 1em;max-width:1140px}</style></head><body>"
        f"{body}</body></html>\n"
    )


def render_report(profile: CountryProfile | Mapping[str, Any]) -> str:
    """A self-contained HTML report of one profile: inline CSS and SVG, no script, no network."""
    p = _as_dict(profile)
    return _page(f"tipwatch: {p['name']} ({p['country']})", render_profile_body(p))


def render_compare_body(
    profiles: Sequence[CountryProfile], *, country_url: Callable[[str], str] | None = None
) -> Markup:
    """Several profiles side by side as an HTML fragment: a table of measures, then their charts."""
    dicts = [p.to_dict() for p in profiles]
    html = (
        _env()
        .get_template("compare_body.html")
        .render(
            profiles=dicts,
            rows=compare_rows(profiles),
            charts=[profile_charts(p) for p in dicts],
            country_url=country_url or (lambda cc: f"#profile-{cc}"),
        )
    )
    return Markup(html)


def render_compare_report(profiles: Sequence[CountryProfile]) -> str:
    """A self-contained HTML page comparing several profiles."""
    names = ", ".join(p.country for p in profiles)
    return _page(f"tipwatch: compare {names}", render_compare_body(profiles))
