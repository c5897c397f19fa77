"""Country pages: ``/countries``, ``/countries/{cc}`` (and ``.json``) and ``/compare?cc=GT&cc=HN``.

Each page is the profile of ``analyse/profile.py`` rendered by ``analyse/report.py`` inside
the site's layout, and its own JSON. A viewer gets every quote, title and case text through
the request's View (``serve/privacy.py``), so no victim's or minor's name leaves the server;
protected entities are never listed. An analyst's read of a profile whose documents name
protected persons is written to the access log.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from ...analyse.compare import compare_rows
from ...analyse.profile import build_profile, country_name
from ...analyse.reads import country_document_counts
from ...analyse.report import render_compare_body, render_profile_body
from ...errors import TipwatchError
from ..privacy import View
from ..web import render
from ._common import UserView

router = APIRouter(tags=["countries"])

MAX_COMPARE = 8
_TEXT_KEYS = ("quote", "title", "name", "doc", "summary", "place")


def _doc_url(doc_id: str) -> str:
    return f"/documents/{doc_id}"


def _country_url(cc: str) -> str:
    return f"/countries/{cc}"


def _redact(value: Any, view: View, doc_id: str | None = None) -> Any:
    """A copy of profile data with every text tied to a document redacted by that document's rules."""
    if isinstance(value, list):
        return [_redact(v, view, doc_id) for v in value]
    if not isinstance(value, dict):
        return value
    own = value.get("doc_id") if isinstance(value.get("doc_id"), str) else doc_id
    out = {}
    for key, item in value.items():
        if own and key in _TEXT_KEYS and isinstance(item, str):
            out[key] = view.redactor(own).redact_text(item)
        else:
            out[key] = _redact(item, view, own)
    return out


def _redact_cases(cases: list[dict[str, Any]], view: View) -> list[dict[str, Any]]:
    out = []
    for case in cases:
        title = case["title"]
        for d in case.get("doc_ids", [])[:50]:
            title = view.redactor(d).redact_text(title)
        data = {k: v for k, v in (case.get("data") or {}).items() if not isinstance(v, str)}
        out.append({**case, "title": title, "data": data, "timeline": _redact(case["timeline"], view)})
    return out


def profile_for(view: View, cc: str, year_from: int | None, year_to: int | None) -> dict[str, Any]:
    """The profile as this user may see it (redacted for a viewer, logged for an analyst)."""
    profile = build_profile(view.store, cc, year_from, year_to, include_protected=False)
    data = profile.to_dict()
    if view.full:
        shown = [d["doc_id"] for d in data["documents"] if view.has_protected(d["doc_id"])]
        if shown:
            view.log("read_country", profile.country, f"{len(shown)} document(s) with protected persons")
        return data
    cases = _redact_cases(data.pop("cases"), view)
    redacted: dict[str, Any] = _redact(data, view)
    redacted["cases"] = cases
    return redacted


@router.get("/countries", include_in_schema=False)
def countries_page(request: Request, view: UserView) -> Response:
    rows = []
    for code, n in country_document_counts(view.store):
        try:
            rows.append({"country": code, "name": country_name(code), "documents": n})
        except TipwatchError:
            continue  # a code the extraction wrote that ISO does not know: nothing to profile
    data = {"countries": rows}
    return render(request, "country.html", {"index": rows, "title": "Countries"}, data)


@router.get("/countries/{cc}", summary="A country profile in the 3P frame, every figure with its evidence")
def country_page(
    request: Request,
    view: UserView,
    cc: Annotated[str, Path(max_length=8)],
    year_from: Annotated[int | None, Query(alias="from", ge=1990, le=2100)] = None,
    year_to: Annotated[int | None, Query(alias="to", ge=1990, le=2100)] = None,
) -> Response:
    data = profile_for(view, cc[:8], year_from, year_to)
    body = render_profile_body(data, doc_url=_doc_url)
    return render(request, "country.html", {"profile": data, "body": body, "title": data["name"]}, data)


@router.get("/compare", summary="Several country profiles side by side")
def compare_page(
    request: Request,
    view: UserView,
    cc: Annotated[list[str], Query(max_length=64)],
    year_from: Annotated[int | None, Query(alias="from", ge=1990, le=2100)] = None,
    year_to: Annotated[int | None, Query(alias="to", ge=1990, le=2100)] = None,
) -> Response:
    codes = list(dict.fromkeys(c.strip().upper() for raw in cc for c in raw.split(",") if c.strip()))[
        :MAX_COMPARE
    ]
    # Only counts, labels, tiers and country codes are shown here, never a quote or a name;
    # the charts link to each country's own page, which redacts for a viewer.
    profiles = [build_profile(view.store, code, year_from, year_to) for code in codes]
    rows = compare_rows(profiles)
    data = {"countries": [p.country for p in profiles], "rows": rows}
    body = render_compare_body(profiles, country_url=_country_url)
    return render(request, "compare.html", {"body": body, "data": data, "title": "Compare"}, data)
