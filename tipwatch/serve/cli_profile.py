"""``tipwatch profile`` and ``tipwatch compare``: country profiles in the 3P frame."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..analyse.compare import compare_rows
from ..analyse.profile import CountryProfile, build_profile, p_totals
from ..analyse.report import render_compare_report, render_report
from ..errors import TipwatchError
from .cli import cli, store_from

QUOTE_WIDTH = 160  # characters of a quote shown in the terminal; --json and --html give all


def _short(text: str, width: int = QUOTE_WIDTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _cite(e: dict[str, Any]) -> str:
    return f'      "{_short(e["quote"])}" [{e.get("doc") or e["doc_id"][:12]} {e["start"]}:{e["end"]}]'


def _write_html(path: Path, html: str) -> None:
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise TipwatchError(
            f"{path}: cannot write the report: {exc.strerror}; check the folder exists"
        ) from exc


def render_profile_text(p: CountryProfile) -> list[str]:
    """A profile as terminal lines: each figure, then the sentences behind it."""
    out = [f"{p.name} ({p.country})", f"documents: {len(p.documents)}"]
    if p.year_from or p.year_to:
        out.append(f"years: {p.year_from or '…'}–{p.year_to or '…'}")
    out.append("tiers:" + ("" if p.tier_summary else " -"))
    for row in p.tier_summary:
        flag = "  (sources disagree)" if row["disagree"] else ""
        out.append(f"  {row['year']}: {' / '.join(row['tiers'])}{flag}")
        for t in p.tiers:
            if t["year"] == row["year"] and "quote" in t["evidence"]:
                out.append(f"      tier {t['tier']} stated in a report:")
                out.append(_cite(t["evidence"]))
    out.append("responses per year (actions/gaps):")
    for year in p.years:
        slot = p.responses_by_year.get(year)
        if slot:
            cells = [f"{k} {v['positive']['n']}/{v['gap']['n']}" for k, v in slot.items()]
            out.append(f"  {year}: " + ", ".join(cells))
    totals = p_totals(p)
    out.append("  total: " + ", ".join(f"{k} {v['positive']}/{v['gap']}" for k, v in totals.items()))
    out.append("events per year:" + ("" if p.events_by_year else " -"))
    for year in p.years:
        slot = p.events_by_year.get(year)
        if slot:
            out.append(f"  {year}: " + ", ".join(f"{k} {v['n']}" for k, v in sorted(slot.items())))
    for ev in p.events:
        extra = ", ".join(f"{k} {ev[k]}" for k in ("count", "date") if ev.get(k) is not None)
        out.append(f"  - {ev['type']} ({ev['p'] or '-'}) {ev['year']}{', ' + extra if extra else ''}")
        out.extend(_cite(e) for e in ev["evidence"][:1])
    out.append("gaps stated in the sources:")
    for label, items in p.gaps.items():
        out.append(f"  {label}: {len(items)}")
        out.extend(_cite(r) for r in items)
    for title, items in (("exploitation", p.exploitation), ("indicators", p.indicators)):
        out.append(f"{title}:" + ("" if items else " -"))
        for x in items:
            out.append(f"  - {x['label']}: {x['documents']} documents")
            out.extend(_cite(e) for e in x["evidence"][:1])
    v = p.victims
    out.append(f"victims: {v['documents']} documents describe them" if v["documents"] else "victims: -")
    if v["documents"]:
        out.append(
            f"  stated counts: {v['count_total'] if v['count_total'] is not None else '-'}; "
            f"minors in {v['documents_with_minors']} documents; sexes: {', '.join(v['sexes']) or '-'}; "
            f"ages: {v['age_min'] if v['age_min'] is not None else '-'}–{v['age_max'] if v['age_max'] is not None else '-'}"
        )
    out.append("money:" + ("" if p.money["items"] else " -"))
    for m in p.money["items"]:
        upper = f"-{m['amount_max']:,.0f}" if m["amount_max"] else ""
        out.append(f"  - {m['amount']:,.0f}{upper} {m['currency']} ({m['context']})")
        out.extend(_cite(e) for e in m["evidence"][:1])
    out.append("most mentioned:" + ("" if p.entities else " - (run tipwatch resolve)"))
    out.extend(f"  - {e['name']} ({e['kind']}): {e['documents']} documents" for e in p.entities)
    out.append("cases:" + ("" if p.cases else " - (run tipwatch resolve)"))
    for c in p.cases:
        out.append(f"  - {c['title']} [{c['first_date'] or '?'} – {c['last_date'] or '?'}] {c['id'][:12]}")
        for t in c["timeline"]:
            out.append(f"      {t['date'] or 'undated'}: {t['type']}")
    out.append("linked countries:" + ("" if p.links else " -"))
    for link in p.links:
        out.append(
            f"  - {link['country']}: {link['role']} ({link['documents']} documents, {len(link['case_ids'])} cases)"
        )
        out.extend(_cite(e) for e in link["evidence"][:1])
    return out


_YEAR = click.IntRange(1990, 2100)


@cli.command()
@click.argument("cc")
@click.option("--json", "as_json", is_flag=True, help="Print the profile as one JSON object.")
@click.option("--from", "year_from", type=_YEAR, metavar="YEAR", help="Only years from this one on.")
@click.option("--to", "year_to", type=_YEAR, metavar="YEAR", help="Only years up to this one.")
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write a self-contained HTML report (charts inline) to FILE.",
)
@click.pass_context
def profile(
    ctx: click.Context,
    cc: str,
    as_json: bool,
    year_from: int | None,
    year_to: int | None,
    html_path: Path | None,
) -> None:
    """Profile a country (ISO 3166-1 alpha-2, e.g. GT) in the 3P frame.

    Shows the TIP tier history (packaged 2001-2015 table and tiers stated in ingested
    reports), responses per year by P (prevention, protection, prosecution: actions and
    stated gaps), events, exploitation types, victims and money as reported, the most
    mentioned entities, cases and linked countries, each with the sentences behind it.
    With --from/--to, items without a known year are left out. Victims and minors are
    never listed among the entities.
    """
    if year_from and year_to and year_from > year_to:
        raise click.BadParameter(f"--from {year_from} is after --to {year_to}")
    with store_from(ctx) as store:
        result = build_profile(store, cc, year_from, year_to)
    if html_path is not None:
        _write_html(html_path, render_report(result))
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(render_profile_text(result)))
    if html_path is not None:
        click.echo(f"report written to {html_path}", err=True)


@cli.command()
@click.argument("codes", nargs=-1, required=True, metavar="CC...")
@click.option("--json", "as_json", is_flag=True, help="Print the rows and the profiles as JSON.")
@click.option("--from", "year_from", type=_YEAR, metavar="YEAR", help="Only years from this one on.")
@click.option("--to", "year_to", type=_YEAR, metavar="YEAR", help="Only years up to this one.")
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write a self-contained HTML page of the comparison to FILE.",
)
@click.pass_context
def compare(
    ctx: click.Context,
    codes: tuple[str, ...],
    as_json: bool,
    year_from: int | None,
    year_to: int | None,
    html_path: Path | None,
) -> None:
    """Put the profiles of several countries side by side (e.g. tipwatch compare GT HN SV)."""
    with store_from(ctx) as store:
        profiles = [
            build_profile(store, cc, year_from, year_to) for cc in dict.fromkeys(c.upper() for c in codes)
        ]
    rows = compare_rows(profiles)
    if html_path is not None:
        _write_html(html_path, render_compare_report(profiles))
    if as_json:
        click.echo(
            json.dumps(
                {
                    "countries": [p.country for p in profiles],
                    "rows": rows,
                    "profiles": [p.to_dict() for p in profiles],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        click.echo("\n".join(render_compare_table(profiles, rows)))
    if html_path is not None:
        click.echo(f"page written to {html_path}", err=True)


def render_compare_table(profiles: list[CountryProfile], rows: list[dict[str, Any]]) -> list[str]:
    """The comparison as a plain-text table, one column per country."""
    head = ["", *(f"{p.name} ({p.country})" for p in profiles)]
    body = [[r["label"], *(str(v) for v in r["values"])] for r in rows]
    widths = [max(len(line[i]) for line in [head, *body]) for i in range(len(head))]
    widths = [min(w, 40) for w in widths]

    def fmt(cells: list[str]) -> str:
        return "  ".join(_short(c, w).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [fmt(head), "  ".join("-" * w for w in widths), *(fmt(line) for line in body)]
