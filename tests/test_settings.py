"""tipwatch/settings.py: every setting is read from its TIPWATCH_ variable."""

from __future__ import annotations

from dataclasses import fields

import pytest

from tipwatch.errors import ConfigError
from tipwatch.settings import SETTINGS, Settings, load_settings


def _sample(name: str, default: object) -> tuple[str, object]:
    """A raw value for the variable that differs from the default, and what it should parse to."""
    if isinstance(default, bool):
        raise AssertionError(f"no sample for boolean setting {name}; extend this test")
    if isinstance(default, int):
        return "12345", 12345
    if isinstance(default, float):
        return "2.5", 2.5
    if isinstance(default, tuple):
        return " xx, yy ,", ("xx", "yy")
    return f"value-for-{name}", f"value-for-{name}"


def test_settings_table_matches_dataclass():
    assert set(SETTINGS) == {f.name for f in fields(Settings)}
    assert all(help_text.strip() for _default, help_text in SETTINGS.values())


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_settings_default_comes_from_table(name):
    raw_default = SETTINGS[name][0]
    value = getattr(load_settings(env={}), name)
    expected = tuple(raw_default.split(",")) if isinstance(value, tuple) else type(value)(raw_default)
    assert value == expected


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_settings_read_from_environment(name):
    raw, expected = _sample(name, getattr(Settings(), name))
    settings = load_settings(env={f"TIPWATCH_{name.upper()}": raw})
    assert getattr(settings, name) == expected
    assert getattr(settings, name) != getattr(Settings(), name)


def test_settings_keyword_override_beats_environment():
    settings = load_settings(env={"TIPWATCH_DB_URL": "sqlite:///a.db"}, db_url="sqlite:///b.db")
    assert settings.db_url == "sqlite:///b.db"


@pytest.mark.parametrize("name", ["max_bytes", "max_seconds"])
def test_settings_bad_number_raises_config_error(name):
    with pytest.raises(ConfigError, match=f"TIPWATCH_{name.upper()}"):
        load_settings(env={f"TIPWATCH_{name.upper()}": "lots"})
