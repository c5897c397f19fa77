"""Accounts and the access log, for admins: ``/api/users``, ``/api/audit`` and the users page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from pydantic import BaseModel, Field

from ..auth import AdminUser, create_user
from ..web import render, store_of

router = APIRouter(tags=["users"])


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    role: str = Field(pattern="^(viewer|analyst|admin)$")


@router.get("/api/users", summary="Every account (admins only)")
def users_api(request: Request, admin: AdminUser) -> dict[str, Any]:
    return {"users": [u.to_dict() for u in store_of(request).list_users()]}


@router.post("/api/users", status_code=201, summary="Add an account; its token is in this answer only")
def add_user_api(request: Request, admin: AdminUser, new: NewUser) -> dict[str, Any]:
    store = store_of(request)
    token = create_user(store, new.name, new.role)
    request.app.state.stores.log_access(admin.name, "add_user", new.name, new.role)
    return {"name": new.name.strip(), "role": new.role, "token": token}


@router.delete("/api/users/{name}", summary="Revoke an account's token (admins only)")
def revoke_user_api(request: Request, admin: AdminUser, name: str) -> dict[str, Any]:
    store = store_of(request)
    store.revoke_user(name)
    request.app.state.sessions.close_user(name)
    request.app.state.stores.log_access(admin.name, "revoke_user", name)
    return {"name": name, "revoked": True}


@router.get("/api/audit", summary="The access log, newest first (admins only)")
def audit_api(
    request: Request,
    admin: AdminUser,
    user: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    request.app.state.stores.flush()  # records queued by the background writer are read too
    return {"records": [r.to_dict() for r in store_of(request).access_log(user=user or None, limit=limit)]}


@router.get("/users", include_in_schema=False)
def users_page(request: Request, admin: AdminUser) -> Response:
    store = store_of(request)
    request.app.state.stores.flush()  # records queued by the background writer are read too
    data = {
        "users": [u.to_dict() for u in store.list_users()],
        "audit": [r.to_dict() for r in store.access_log(limit=50)],
    }
    return render(request, "users.html", {**data, "token": None, "made": None}, data)


@router.post("/users", include_in_schema=False)
def users_form(
    request: Request,
    admin: AdminUser,
    action: Annotated[str, Form(pattern="^(add|revoke)$")],
    name: Annotated[str, Form(min_length=1, max_length=64)],
    role: Annotated[str, Form()] = "viewer",
) -> Response:
    store = store_of(request)
    token = None
    if action == "add":
        token = create_user(store, name, role)
        request.app.state.stores.log_access(admin.name, "add_user", name, role)
    else:
        store.revoke_user(name)
        request.app.state.sessions.close_user(name)
        request.app.state.stores.log_access(admin.name, "revoke_user", name)
    request.app.state.stores.flush()  # records queued by the background writer are read too
    data = {
        "users": [u.to_dict() for u in store.list_users()],
        "audit": [r.to_dict() for r in store.access_log(limit=50)],
    }
    return render(
        request, "users.html", {**data, "token": token, "made": name}, {"name": name, "action": action}
    )
