"""Accounts, tokens and sessions: who is asking, and may they?

A token is shown once when an account is made (``tipwatch users add``) and only its SHA-256
is stored. The API takes it as ``Authorization: Bearer TOKEN``; the web UI takes it once in
a login form and then keeps a random session id in a cookie (HttpOnly, SameSite=Strict,
Secure). Sessions live in the server's memory: a restart logs everyone out, and no secret
has to be kept on disk to sign cookies. Every request re-reads the account, so a revoked
token ends its sessions at once.

Failed token checks (the login form and bearer tokens alike) are counted per client
address by a ``FailureLimiter``: past ``LOGIN_FAILURES`` in ``LOGIN_WINDOW`` seconds, that
address gets 429 with ``Retry-After`` and its tokens are not even looked at until the
window moves on.

Route modules use the dependencies here: ``current_user`` (any role), ``require_analyst``
and ``require_admin``.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from ..errors import TipwatchError
from ..model import User, UserRole
from ..store import Store

SESSION_COOKIE = "tipwatch_session"
SESSION_SECONDS = 8 * 3600  # a working day; then the login form asks again
MAX_SESSIONS = 10_000  # a bound on memory; the oldest sessions go first
TOKEN_BYTES = 32
LOGIN_FAILURES = 10  # failed token checks one client address may make per window
LOGIN_WINDOW = 300.0  # seconds
MAX_TRACKED = 10_000  # addresses whose failures are remembered; the least recent go first


def hash_token(token: str) -> str:
    """The SHA-256 (hex) under which a token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def make_token() -> str:
    """A new random token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def parse_role(role: str) -> UserRole:
    """The role named by ``role``; a TipwatchError naming the choices otherwise."""
    try:
        return UserRole(role.strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in UserRole)
        raise TipwatchError(f"role {role!r} is not known; choose one of {choices}") from None


def create_user(store: Store, name: str, role: str) -> str:
    """Add an account and return its token, which is never stored and cannot be shown again."""
    clean = name.strip()
    if not clean or len(clean) > 64 or not clean.isprintable():
        raise TipwatchError(f"user name {name!r} is not usable; give 1-64 printable characters")
    token = make_token()
    store.add_user(User(name=clean, role=parse_role(role).value, token_hash=hash_token(token)))
    return token


def user_for_token(store: Store, token: str) -> User | None:
    """The active account holding ``token``, or None."""
    if not token or len(token) > 512:
        return None
    digest = hash_token(token)
    user = store.find_user(digest)
    # The lookup is by equality in SQL; the constant-time compare guards what we return.
    if user is None or not hmac.compare_digest(user.token_hash, digest) or not user.active:
        return None
    return user


@dataclass(slots=True)
class _Session:
    user: str
    expires: float


class SessionStore:
    """Random session ids -> account names, in memory, with an expiry."""

    def __init__(self, lifetime: float = SESSION_SECONDS) -> None:
        self.lifetime = lifetime
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()

    def open(self, user: str) -> str:
        """A new session for ``user``; returns the id the cookie carries."""
        sid = secrets.token_urlsafe(TOKEN_BYTES)
        with self._lock:
            if len(self._sessions) >= MAX_SESSIONS:
                oldest = min(self._sessions, key=lambda k: self._sessions[k].expires)
                del self._sessions[oldest]
            self._sessions[sid] = _Session(user, time.monotonic() + self.lifetime)
        return sid

    def user_of(self, sid: str) -> str | None:
        """The account name of a live session, or None (expired sessions are dropped)."""
        with self._lock:
            session = self._sessions.get(sid)
            if session is None:
                return None
            if session.expires < time.monotonic():
                del self._sessions[sid]
                return None
            return session.user

    def close(self, sid: str) -> None:
        with self._lock:
            self._sessions.pop(sid, None)

    def close_user(self, user: str) -> None:
        """End every session of an account (after its token is revoked)."""
        with self._lock:
            for sid in [k for k, s in self._sessions.items() if s.user == user]:
                del self._sessions[sid]


class FailureLimiter:
    """Failed token checks per key (a client address) in a sliding window, in memory.

    Tokens carry 256 random bits, so guessing one is hopeless anyway; the limit stops a
    script from hammering the server with guesses and puts a bound on what a leaked
    partial list of tokens can be tried against. A success does not clear the count:
    otherwise anyone holding one valid token could reset it between guesses.
    """

    def __init__(
        self,
        max_failures: int = LOGIN_FAILURES,
        window: float = LOGIN_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may try a token again; 0 when it may now."""
        with self._lock:
            now = self.clock()
            times = self._recent(key, now)
            if len(times) < self.max_failures:
                return 0
            return max(1, math.ceil(times[-self.max_failures] + self.window - now))

    def fail(self, key: str) -> None:
        """Count one failed token check for ``key``."""
        with self._lock:
            now = self.clock()
            times = self._recent(key, now)
            self._failures[key] = times
            self._failures.move_to_end(key)
            times.append(now)
            while len(times) > self.max_failures:
                times.popleft()
            while len(self._failures) > MAX_TRACKED:
                self._failures.popitem(last=False)


def client_key(request: Request) -> str:
    """The address failures are counted under (the peer; a proxy in front makes it one address)."""
    return request.client.host if request.client else "unknown"


def check_token(request: Request, token: str) -> User | None:
    """The account holding ``token``, counting a failure against the client's address.

    Raises 429 with ``Retry-After`` while the address is over the limit, before the token
    is looked at, so a blocked client learns nothing about its guesses.
    """
    from .web import store_of  # web imports this module; the import is deferred to avoid a cycle

    limiter: FailureLimiter = request.app.state.login_limiter
    key = client_key(request)
    wait = limiter.retry_after(key)
    if wait:
        raise HTTPException(
            status_code=429,
            detail=f"too many failed token checks from this address; try again in {wait} s",
            headers={"Retry-After": str(wait)},
        )
    user = user_for_token(store_of(request), token)
    if user is None:
        limiter.fail(key)
    return user


class NotAuthenticated(HTTPException):
    """No valid token or session: 401 for the API, a redirect to the login form for pages."""

    def __init__(self, reason: str) -> None:
        super().__init__(status_code=401, detail=reason, headers={"WWW-Authenticate": "Bearer"})


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def current_user(request: Request) -> User:
    """The account making this request (bearer token first, then the session cookie)."""
    from .web import store_of  # web imports this module; the import is deferred to avoid a cycle

    store = store_of(request)
    token = _bearer(request)
    if token is not None:
        user = check_token(request, token)
        if user is None:
            raise NotAuthenticated("the bearer token is not valid or was revoked; ask an admin for a new one")
    else:
        sid = request.cookies.get(SESSION_COOKIE)
        name = request.app.state.sessions.user_of(sid) if sid else None
        if name is None:
            raise NotAuthenticated("log in first: send 'Authorization: Bearer TOKEN' or use the login form")
        user = _active_user(store, name)
        if user is None:
            request.app.state.sessions.close(sid)
            raise NotAuthenticated("this session's account was revoked; log in with a valid token")
    request.state.user = user
    return user


def _active_user(store: Store, name: str) -> User | None:
    try:
        user = store.get_user(name)
    except TipwatchError:
        return None
    return user if user.active else None


def _require(*roles: UserRole) -> object:
    allowed = {r.value for r in roles}

    def check(user: Annotated[User, Depends(current_user)]) -> User:
        if user.role not in allowed:
            need = " or ".join(sorted(allowed))
            raise HTTPException(status_code=403, detail=f"this needs the {need} role; you are a {user.role}")
        return user

    return check


require_analyst = _require(UserRole.ANALYST, UserRole.ADMIN)
require_admin = _require(UserRole.ADMIN)

CurrentUser = Annotated[User, Depends(current_user)]
AnalystUser = Annotated[User, Depends(require_analyst)]
AdminUser = Annotated[User, Depends(require_admin)]


def sees_protected(user: User) -> bool:
    """Analysts and admins see victims' details (and every read is logged); viewers never do."""
    return user.role in (UserRole.ANALYST.value, UserRole.ADMIN.value)
