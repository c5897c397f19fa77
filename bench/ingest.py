"""Ingest benchmark: generated documents in every format -> a fresh SQLite store, through the batch loop.

Generates N fictional documents (fictional people in real places; English, Spanish and
Portuguese) as plain text, HTML with navigation and footer, Markdown with front matter,
US-cable layout, PDF (fpdf2) and DOCX (python-docx), then ingests them with
``tipwatch.store.batch.ingest_paths`` and the real extractor, as ``tipwatch ingest`` does.
Prints documents/s, MB/s, peak RSS and the time per format.

    .venv/bin/python bench/ingest.py                 # 2,000 documents, with extraction
    .venv/bin/python bench/ingest.py --docs 200 --no-extract
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tipwatch.extract import make_extractor
from tipwatch.model import Document
from tipwatch.settings import load_settings
from tipwatch.store import open_store
from tipwatch.store.batch import FactExtractor, ingest_paths

FORMATS = ("txt", "html", "md", "cable", "pdf", "docx")
LANGS = ("en", "es", "pt")

FIRST = {
    "en": ["Daniel", "Grace", "Samuel", "Lydia", "Marcus", "Hannah", "Victor", "Irene", "Oscar", "Ruth"],
    "es": [
        "Ernesto",
        "Lucía",
        "Mariela",
        "Ramiro",
        "Nilda",
        "Gustavo",
        "Rosa Elvira",
        "Teodoro",
        "Ximena",
        "Abel",
    ],
    "pt": [
        "Joaquim",
        "Helena",
        "Otávio",
        "Benedita",
        "Rui",
        "Iracema",
        "Cláudio",
        "Marta",
        "Severino",
        "Lívia",
    ],
}
LAST = {
    "en": [
        "Okafor",
        "Whitcombe",
        "Harlan",
        "Pryce",
        "Delacroix",
        "Mbeki",
        "Thornbury",
        "Castellan",
        "Reyes",
        "Novak",
    ],
    "es": [
        "Cuxil Batz",
        "Farfán Huamán",
        "Solís Quispe",
        "Carhuas",
        "Tzul Ajpop",
        "Mamani Condori",
        "Ochoa Lizárraga",
        "Pineda Mejía",
        "Ixcot",
        "Valdivia Ruiz",
    ],
    "pt": [
        "Tavares Brum",
        "Nunes Garcez",
        "Ferreira Lobo",
        "Albuquerque Sá",
        "Pinheiro Dantas",
        "Queiroz",
        "Magalhães",
        "Sampaio Leite",
        "Correia",
        "Bastos",
    ],
}
CITIES = {
    "en": [
        ("Guatemala City", "GT"),
        ("Lima", "PE"),
        ("Tijuana", "MX"),
        ("Manila", "PH"),
        ("Lagos", "NG"),
        ("Houston", "US"),
        ("Kathmandu", "NP"),
        ("Phnom Penh", "KH"),
    ],
    "es": [
        ("Quetzaltenango", "GT"),
        ("Escuintla", "GT"),
        ("Cusco", "PE"),
        ("Arequipa", "PE"),
        ("Tapachula", "MX"),
        ("San Pedro Sula", "HN"),
        ("Santa Cruz de la Sierra", "BO"),
        ("Asunción", "PY"),
    ],
    "pt": [
        ("Marabá", "BR"),
        ("Recife", "BR"),
        ("Belém", "BR"),
        ("Manaus", "BR"),
        ("Cuiabá", "BR"),
        ("Luanda", "AO"),
        ("Maputo", "MZ"),
        ("Porto Alegre", "BR"),
    ],
}
SENTENCES = {
    "en": [
        "Police in {city} arrested {name}, {age}, on suspicion of recruiting {n} women from {city2} for sexual exploitation.",
        "Prosecutor {name2} said the network charged each victim {amount} dollars for the journey and kept their passports.",
        "Inspectors found {n} workers, including {m} minors, held in debt bondage at a farm outside {city}.",
        "{name} was sentenced to {years} years in prison for trafficking in persons and money laundering.",
        "A local shelter run by volunteers said it had assisted {n} survivors of trafficking in {city} since {month}.",
        "Investigators believe the group advertised false job offers online and moved victims across the border by bus.",
        "The labour ministry said it would open {m} new inspection offices in the region next year.",
        "According to the police, two officers are under investigation for warning the recruiters before the raid.",
    ],
    "es": [
        "La policía de {city} detuvo a {name}, de {age} años, por presunta trata de personas con fines de explotación sexual.",
        "La fiscal {name2} informó que la red cobraba {amount} quetzales a cada víctima y les retenía los documentos.",
        "Los inspectores rescataron a {n} trabajadores, entre ellos {m} menores de edad, en una finca cercana a {city}.",
        "Un tribunal de {city} sentenció a {name} a {years} años de cárcel por someter a trabajo forzoso a jornaleros de {city2}.",
        "Un albergue de {city} indicó que ha atendido a {n} sobrevivientes de trata desde {month}.",
        "Según la investigación, el grupo publicaba falsas ofertas de empleo en redes sociales y trasladaba a las víctimas desde {city2}.",
        "El Ministerio de Trabajo anunció que abrirá {m} nuevas oficinas de inspección en la región.",
        "Dos agentes de la policía son investigados por alertar a los reclutadores antes del allanamiento.",
    ],
    "pt": [
        "A polícia de {city} prendeu {name}, de {age} anos, suspeito de aliciar {n} mulheres de {city2} para exploração sexual.",
        "A procuradora {name2} afirmou que a quadrilha cobrava {amount} reais de cada vítima e retinha os documentos.",
        "Os auditores fiscais resgataram {n} trabalhadores, entre eles {m} adolescentes, numa fazenda perto de {city}.",
        "{name} foi condenado a {years} anos de prisão por tráfico de pessoas e redução à condição análoga à de escravo.",
        "Um abrigo de {city} informou que atendeu {n} sobreviventes de tráfico de pessoas desde {month}.",
        "Segundo a investigação, o grupo divulgava falsas ofertas de emprego na internet e levava as vítimas de ônibus.",
        "O Ministério do Trabalho anunciou que vai abrir {m} novas unidades de fiscalização na região.",
        "Dois policiais são investigados por avisar os aliciadores antes da operação.",
    ],
}
TITLES = {
    "en": [
        "{n} rescued in {city} trafficking raid",
        "Court convicts {name} of trafficking",
        "Inside a labour ring in {city}",
    ],
    "es": [
        "Rescatan a {n} víctimas de trata en {city}",
        "Condenan a {name} por trata de personas",
        "Red de explotación en {city}",
    ],
    "pt": [
        "Operação resgata {n} trabalhadores em {city}",
        "Justiça condena {name} por tráfico de pessoas",
        "Rede de aliciamento em {city}",
    ],
}
MONTHS = {
    "en": ["January", "March", "May", "July", "September", "November"],
    "es": ["enero", "marzo", "mayo", "julio", "septiembre", "noviembre"],
    "pt": ["janeiro", "março", "maio", "julho", "setembro", "novembro"],
}
EMBASSIES = [
    ("GUATEMALA", "RUEHGT", "GT"),
    ("LIMA", "RUEHPE", "PE"),
    ("BRASILIA", "RUEHBR", "BR"),
    ("MEXICO", "RUEHME", "MX"),
    ("TEGUCIGALPA", "RUEHTG", "HN"),
]


def _person(rng: random.Random, lang: str) -> str:
    """A fictional full name: about 2,000 in English (with a middle initial), 1,000 in Spanish
    and Portuguese (two surnames). Pools this wide let a name recur now and then across
    batches, as in real reporting, without chaining every report into one case."""
    first = rng.choice(FIRST[lang])
    if lang == "en":
        return f"{first} {rng.choice('ABCDEFGHIJKLMNOPRSTW')}. {rng.choice(LAST[lang])}"
    return f"{first} {rng.choice(LAST[lang]).split()[0]} {rng.choice(LAST[lang]).split()[-1]}"


def make_content(rng: random.Random, lang: str, serial: int) -> tuple[str, list[str], date]:
    """A title, paragraphs and a publication date; the serial makes every document's bytes unique."""
    (city, _cc), (city2, _) = rng.sample(CITIES[lang], 2)
    fill = {
        "city": city,
        "city2": city2,
        "name": _person(rng, lang),
        "name2": _person(rng, lang),
        "age": rng.randint(19, 64),
        "n": rng.randint(2, 60),
        "m": rng.randint(1, 9),
        "amount": rng.choice([150, 400, 1200, 3000, 8500]),
        "years": rng.randint(4, 30),
        "month": rng.choice(MONTHS[lang]),
    }
    title = rng.choice(TITLES[lang]).format(**fill)
    paragraphs = []
    for _ in range(rng.randint(3, 8)):
        sentences = rng.sample(SENTENCES[lang], rng.randint(2, 4))
        paragraphs.append(" ".join(s.format(**fill) for s in sentences))
    paragraphs.append(f"Ref. {serial:06d}-{rng.randrange(16**6):06x}.")
    published = date(2005, 1, 1) + timedelta(days=rng.randrange(18 * 365))
    return title, paragraphs, published


def as_text(title: str, paragraphs: list[str], published: date, lang: str) -> bytes:
    return f"{title}\n\n{published.isoformat()}\n\n".encode() + "\n\n".join(paragraphs).encode() + b"\n"


def as_html(title: str, paragraphs: list[str], published: date, lang: str) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{published.isoformat()}"><meta name="author" content="Newsdesk"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/search">Search this site</a></nav>
<aside><h3>Most read</h3><ul><li><a href="/a">Weather for the weekend</a></li><li><a href="/b">Football results</a></li></ul></aside>
<article><h1>{title}</h1><time datetime="{published.isoformat()}">{published.isoformat()}</time>
{body}</article>
<footer>Copyright {published.year} Fictional Daily. All rights reserved. Contact | Privacy | Terms</footer></body></html>
""".encode()


def as_markdown(title: str, paragraphs: list[str], published: date, lang: str) -> bytes:
    head = f'---\ntitle: "{title}"\ndate: {published.isoformat()}\nauthor: Newsdesk\nlang: {lang}\n---\n\n'
    return (head + f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n").encode()


def as_cable(title: str, paragraphs: list[str], published: date, lang: str, rng: random.Random) -> bytes:
    post, route, cc = rng.choice(EMBASSIES)
    serial = rng.randint(100, 2999)
    dtg = f"{published.day:02d}{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}Z {published.strftime('%b').upper()} {published.strftime('%y')}"
    numbered = "\n\n".join(f"{i}. ({'U' if i == 1 else 'SBU'}) {p}" for i, p in enumerate(paragraphs, 1))
    return f"""VZCZCXRO{serial:04d}
RR RUEHAO RUEHCD RUEHGD
DE {route} #{serial:04d}/01 {published.timetuple().tm_yday:03d} {rng.randint(1000, 2359)}
ZNR UUUUU ZZH
R {dtg}
FM AMEMBASSY {post}
TO RUEHC/SECSTATE WASHDC {rng.randint(1000, 9999)}
INFO RUEHC/DEPT OF JUSTICE WASHDC
BT
UNCLAS {post} {serial:06d}

SIPDIS
SENSITIVE

E.O. 12958: N/A
TAGS: KTIP, PHUM, KCRM, ELAB, {cc}
SUBJECT: {title.upper()}

{numbered}

{_person(rng, "en").split()[-1].upper()}
""".encode()


def as_pdf(title: str, paragraphs: list[str], published: date, lang: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_creation_date(datetime(published.year, published.month, published.day, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("helvetica", "B", 14)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, published.isoformat(), new_x="LMARGIN", new_y="NEXT")
    for p in paragraphs:
        pdf.multi_cell(0, 6, p, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def as_docx(title: str, paragraphs: list[str], published: date, lang: str) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "Newsdesk"
    document.add_heading(title, level=1)
    document.add_paragraph(published.isoformat())
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def generate(folder: Path, count: int, seed: int) -> tuple[int, Counter[str]]:
    """Write ``count`` documents into ``folder``; returns total bytes and files per format."""
    rng = random.Random(seed)
    total, per_format = 0, Counter[str]()
    for i in range(count):
        fmt = FORMATS[(i // len(LANGS)) % len(FORMATS)]
        lang = "en" if fmt == "cable" else LANGS[i % len(LANGS)]  # cables are in English
        title, paragraphs, published = make_content(rng, lang, i)
        if fmt == "txt":
            data = as_text(title, paragraphs, published, lang)
        elif fmt == "html":
            data = as_html(title, paragraphs, published, lang)
        elif fmt == "md":
            data = as_markdown(title, paragraphs, published, lang)
        elif fmt == "cable":
            data = as_cable(title, paragraphs, published, lang, rng)
        elif fmt == "pdf":
            data = as_pdf(title, paragraphs, published, lang)
        else:
            data = as_docx(title, paragraphs, published, lang)
        ext = "txt" if fmt == "cable" else fmt
        (folder / f"{i:05d}_{fmt}_{lang}.{ext}").write_bytes(data)
        total += len(data)
        per_format[fmt] += 1
    return total, per_format


WARM_UP = {
    "en": "Police in Lima arrested Daniel Harlan on Monday.",
    "es": "La policía de Cusco detuvo a Ramiro Solís el lunes.",
    "pt": "A polícia de Recife prendeu Rui Bastos na segunda-feira.",
}


def warm_up(extractor: FactExtractor) -> float:
    """Load the pipelines (lazily loaded per language) before timing; returns the seconds it took."""
    start = time.perf_counter()
    for lang, text in WARM_UP.items():
        extractor.extract(
            Document(id=lang * 32, name=f"warmup_{lang}.txt", format="text", text=text, language=lang)
        )
    return time.perf_counter() - start


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents to generate (default 2000)")
    parser.add_argument(
        "--no-extract", action="store_true", help="store documents without running extraction"
    )
    parser.add_argument("--seed", type=int, default=2024, help="random seed of the generator")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tipwatch-bench-") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        t0 = time.perf_counter()
        total_bytes, per_format = generate(folder, args.docs, args.seed)
        generated = time.perf_counter() - t0

        settings = load_settings(db_url=f"sqlite:///{Path(tmp) / 'bench.db'}")
        extractor = None if args.no_extract else make_extractor(settings)
        warmup = warm_up(extractor) if extractor is not None else 0.0
        statuses: Counter[str] = Counter()
        seconds: dict[str, float] = defaultdict(float)
        failures: list[str] = []
        with open_store(settings) as store:
            start = last = time.perf_counter()
            for outcome in ingest_paths(store, [folder], settings, extractor):
                now = time.perf_counter()
                seconds[Path(outcome.path).name.split("_")[1]] += now - last
                last = now
                statuses[outcome.status] += 1
                if outcome.status == "failed":
                    failures.append(outcome.summary())
            elapsed = time.perf_counter() - start
            stored = store.stats()

    mb = total_bytes / 1e6
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    print(
        f"generated {args.docs} documents ({mb:.1f} MB) in {generated:.1f} s: "
        + ", ".join(f"{k} {v}" for k, v in sorted(per_format.items()))
    )
    print(
        f"extraction: {'off' if args.no_extract else f'on (models loaded in {warmup:.1f} s, before timing)'}"
    )
    print(
        f"ingested: {statuses['added']} added, {statuses['duplicate']} duplicate, {statuses['failed']} failed; "
        f"store holds {stored.documents} ({stored.facts} with facts)"
    )
    print(f"time: {elapsed:.1f} s  documents/s: {args.docs / elapsed:.1f}  MB/s: {mb / elapsed:.2f}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    print(
        "ms per document by format: "
        + ", ".join(
            f"{fmt} {1000 * seconds[fmt] / per_format[fmt]:.1f}" for fmt in FORMATS if per_format[fmt]
        )
    )
    for line in failures[:10]:
        print(f"failed: {line}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
