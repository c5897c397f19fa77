"""tipwatch/analyse/report.py: a self-contained report (no script, no network) of a real profile."""

from __future__ import annotations

import re

from honduras import build_store

from tipwatch.analyse.profile import build_profile
from tipwatch.analyse.report import render_compare_report, render_profile_body, render_report
from tipwatch.store import SQLiteStore


def test_report_is_self_contained_with_three_charts(tmp_path):
    build_store(str(tmp_path / "r.db"))
    with SQLiteStore(tmp_path / "r.db") as s:
        html = render_report(build_profile(s, "HN"))
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert html.count("<svg") == 3 and "<script" not in html
    urls = set(re.findall(r"(?:src|href)=['\"]([^'\"#][^'\"]*)", html))
    assert urls == set(), urls  # every link is an anchor inside the file
    assert 'id="tier-2013"' in html and "sources disagree" in html
    assert 'id="resp-2013-prosecution-gap"' in html
    assert "There were no convictions" in html


def test_report_body_escapes_text_and_uses_doc_links(tmp_path):
    build_store(str(tmp_path / "r.db"))
    with SQLiteStore(tmp_path / "r.db") as s:
        data = build_profile(s, "HN").to_dict()
    data["responses"][0]["quote"] = "<script>alert(1)</script> shelters"
    body = str(render_profile_body(data, doc_url=lambda d: f"/documents/{d}"))
    assert "<script>alert" not in body and "&lt;script&gt;" in body
    assert f'href="/documents/{data["documents"][0]["doc_id"]}"' in body


def test_report_compare_page_has_a_column_per_country(tmp_path):
    build_store(str(tmp_path / "r.db"))
    with SQLiteStore(tmp_path / "r.db") as s:
        html = render_compare_report([build_profile(s, "HN"), build_profile(s, "SV")])
    assert "Honduras (HN)" in html and "El Salvador (SV)" in html
    assert html.count("<svg") == 4
