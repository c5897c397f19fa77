"""Per-language cue data (words and patterns for roles, kinds, labels, events, money).

Cues live in ``tipwatch/data/cues/<lang>/<name>.yaml`` so that adding a language is adding
data, not code. Portuguese and Spanish share nothing implicitly: each file stands alone.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..errors import ConfigError

DATA = resources.files("tipwatch") / "data" / "cues"


@cache
def load_cues(lang: str, name: str) -> dict[str, Any]:
    """The parsed YAML of one cue file; an unknown language falls back to English."""
    for code in (lang, "en"):
        res = DATA / code / f"{name}.yaml"
        if res.is_file():
            try:
                data = yaml.safe_load(res.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                raise ConfigError(f"{res}: invalid YAML: {exc}") from exc
            if not isinstance(data, dict):
                raise ConfigError(f"{res}: expected a mapping at the top level")
            return data
    raise ConfigError(f"no cue file {name}.yaml for language {lang!r} or English")


_REGEX_CHARS = re.compile(r"[\[\]()?|\\*+{}]")


def _fragment(phrase: str) -> str:
    """A cue phrase as a regex: used as written when it has regex syntax, else escaped.

    Dots alone do not make a regex ("S.A.", "U.S."), so they are escaped; spaces match any
    run of whitespace or a hyphen ("auditor fiscal" finds "auditor-fiscal").
    """
    if _REGEX_CHARS.search(phrase):
        return phrase
    return r"(?:\s+|-)".join(re.escape(part) for part in phrase.split())


def compile_words(words: list[str], *, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One regex matching any of the cue phrases as whole words.

    A phrase may itself be a regex fragment (it is used as written), so cue files can say
    ``arrest(?:ed|s)?`` or ``detuv\\w+``. Longest phrases are tried first.
    """
    alts = sorted({_fragment(w.strip()) for w in words if w and w.strip()}, key=len, reverse=True)
    if not alts:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", flags)
