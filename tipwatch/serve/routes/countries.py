"""Country pages and their JSON (filled by the country-profile work)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
