"""The login form, logging out, and who am I: the web UI's side of tokens.

A token is posted once; the server answers with a random session id in a cookie that is
HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it) and Secure.
Browsers keep Secure cookies from http://127.0.0.1 and http://localhost too, since both
count as secure contexts, so this works on a laptop without TLS; behind a proxy, serve
over https.

Failed logins count against the client's address (``auth.FailureLimiter``, shared with
bearer tokens): past the limit the form answers 429 with ``Retry-After``.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from ..auth import SESSION_COOKIE, SESSION_SECONDS, CurrentUser, check_token
from ..web import render

router = APIRouter(tags=["auth"])


def _safe_next(target: str | None) -> str:
    """Only a local path is followed after login: never another site (an open redirect)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return "/"
    return target


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "failed": False}, {"login": "POST token"})


@router.post("/login", include_in_schema=False)
def login(
    request: Request, token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/"
) -> Response:
    user = check_token(request, token.strip())
    if user is None:
        context = {"next": _safe_next(next), "failed": True}
        return render(request, "login.html", context, {"error": "token not valid"}, status_code=401)
    sid = request.app.state.sessions.open(user.name)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        sid,
        max_age=SESSION_SECONDS,
        path="/",
        httponly=True,
        secure=True,
        samesite="strict",
    )
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    sid = request.cookies.get(SESSION_COOKIE)
    if sid:
        request.app.state.sessions.close(sid)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, secure=True, samesite="strict")
    return response


@router.get("/api/me", summary="The account making the request")
def me(user: CurrentUser) -> dict[str, object]:
    return {"name": user.name, "role": user.role}
