"""tipwatch: reporting on human trafficking as a searchable, linked and cited evidence base."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import TipwatchError
from .model import Document, Evidence, Facts
from .settings import Settings, load_settings

__all__ = ["Document", "Evidence", "Facts", "Settings", "TipwatchError", "__version__", "load_settings"]
