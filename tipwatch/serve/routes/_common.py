"""Helpers the route modules share: the request's View and JSON shapes of the model types."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from ...model import Document, Facts, User
from ..auth import current_user
from ..privacy import View


def view_of(request: Request, user: Annotated[User, Depends(current_user)]) -> View:
    """The store as the requesting user may see it."""
    state = request.app.state
    return View(state.stores.get, user, state.protected, state.answers)


UserView = Annotated[View, Depends(view_of)]


def document_summary(doc: Document) -> dict[str, Any]:
    """A document without its text, for lists."""
    return {
        "id": doc.id,
        "name": doc.name,
        "title": doc.title,
        "format": doc.format,
        "language": doc.language,
        "published": doc.published,
    }


def document_json(doc: Document, facts: Facts | None) -> dict[str, Any]:
    """A document with its text, metadata and facts (every fact with its evidence)."""
    return {
        **document_summary(doc),
        "text": doc.text,
        "meta": doc.meta,
        "size": doc.size,
        "facts": facts.to_dict() if facts is not None else None,
    }
