"""The web chat's login: repeated failures lock a client or user out for a while, and the API schema needs a login."""

from __future__ import annotations

import contextvars
import hmac
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CLIENT: contextvars.ContextVar[str | None] = contextvars.ContextVar("rag_login_client", default=None)
LOGIN_PATHS = ("/login", "/login/")
SCHEMA_PATHS = ("/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc")  # FastAPI's own, outside Gradio's login
MAX_LOCKOUT = 24 * 3600.0
PRUNE_AT = 1024  # records kept before quiet ones are dropped


@dataclass
class _Record:
    failures: list[float] = field(default_factory=list)  # times of the failures not yet counted into a lockout
    until: float = 0.0  # refused until then
    lockouts: int = 0
    last: float = 0.0


class LoginLimiter:
    """Gradio's `auth` callable: checks the password, and after `max_failures` failed logins within `window`
    seconds from one client (address) or for one user name, refuses that client or name with HTTP 429 for
    `window` seconds, twice as long after each further lockout. A successful login clears both records."""

    def __init__(self, user: str, password: str, max_failures: int = 5, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.user, self.password = user, password
        self.max_failures, self.window, self.clock = max_failures, window, clock
        self.records: dict[str, _Record] = {}
        self.lock = threading.Lock()

    def __call__(self, username: str, password: str) -> bool:
        keys = [f"user:{username}", *(f"client:{c}" for c in [CLIENT.get()] if c)]
        now = self.clock()
        with self.lock:
            wait = max((r.until - now for k in keys if (r := self.records.get(k))), default=0.0)
        if wait > 0:
            seconds = str(math.ceil(wait))
            raise HTTPException(429, f"Too many failed logins: try again in {seconds} s.", {"Retry-After": seconds})
        ok = hmac.compare_digest(username.encode(), self.user.encode())
        ok &= hmac.compare_digest(password.encode(), self.password.encode())
        with self.lock:
            for key in keys:
                if ok:
                    self.records.pop(key, None)
                else:
                    self._fail(key, now)
        return ok

    def _fail(self, key: str, now: float) -> None:
        if len(self.records) >= PRUNE_AT:
            quiet = [k for k, r in self.records.items() if now - r.last > self.window * 2 ** (r.lockouts + 1)]
            for k in quiet:
                del self.records[k]
        r = self.records.setdefault(key, _Record())
        r.failures = [t for t in r.failures if now - t < self.window] + [now]
        r.last = now
        if len(r.failures) >= self.max_failures:
            r.lockouts += 1
            r.until = now + min(self.window * 2 ** (r.lockouts - 1), MAX_LOCKOUT)
            r.failures.clear()


class LoginGuard:
    """ASGI middleware for an app with a login: tells LoginLimiter which client a login comes from, and
    answers FastAPI's schema and docs pages only to a logged-in user (Gradio guards its own routes)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path in SCHEMA_PATHS and not await self._logged_in(scope):
            await JSONResponse({"detail": "Not authenticated"}, status_code=401)(scope, receive, send)
            return
        if path not in LOGIN_PATHS:
            await self.app(scope, receive, send)
            return
        token = CLIENT.set(scope["client"][0] if scope.get("client") else None)
        try:
            await self.app(scope, receive, send)
        finally:
            CLIENT.reset(token)

    async def _logged_in(self, scope: Scope) -> bool:
        """Ask Gradio's own /gradio_api/login_check with the request's cookies (200 when logged in)."""
        check = f"{scope.get('root_path', '')}/gradio_api/login_check"
        sub = {**scope, "method": "GET", "path": check, "raw_path": check.encode(), "query_string": b""}
        status = 0

        async def nothing() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def keep_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await self.app(sub, nothing, keep_status)
        return status == 200
