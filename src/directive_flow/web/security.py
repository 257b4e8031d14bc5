"""ASGI middleware for what every response and request needs (OWASP ASVS level 1).

- ``SecurityHeaders``: a strict Content-Security-Policy (nothing but the portal's own
  stylesheet and images; no script, no frame, forms post only here), ``nosniff``, a
  referrer only to the portal itself (a sign-in link never leaks to another site; with
  ``no-referrer`` browsers would send ``Origin: null`` on form posts), ``no-store`` on everything
  but the vendored static files, HSTS behind HTTPS.
- ``RequestGuard``: refuses a state-changing request from another site (``Origin`` or
  ``Sec-Fetch-Site``; the CSRF token is checked as well, by the routes' dependency), and a
  body over ``MAX_BODY_BYTES`` (413), counted as it streams in.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

__all__ = ["CSP", "MAX_BODY_BYTES", "RequestGuard", "SecurityHeaders"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
MAX_BODY_BYTES = 4 * 25 * 1024 * 1024 + 1024 * 1024  # four full attachments and the form
_SAFE = {"GET", "HEAD", "OPTIONS"}


class SecurityHeaders:
    """Adds the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app, self.https = app, https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap ``send`` to add the headers to the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self._headers(static)]
            await send(message)

        await self.app(scope, receive, with_headers)

    def _headers(self, static: bool) -> list[tuple[bytes, bytes]]:
        headers = [
            (b"content-security-policy", CSP.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cache-control", b"public, max-age=3600" if static else b"no-store"),
        ]
        if self.https:
            headers.append((b"strict-transport-security", b"max-age=31536000"))
        return headers


class RequestGuard:
    """Refuses cross-site state changes and oversized bodies before any route runs."""

    def __init__(self, app: ASGIApp, *, origins: frozenset[str]) -> None:
        self.app, self.origins = app, origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request, then pass it on with its body counted."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["method"] not in _SAFE and self._cross_site(scope, headers):
            await _refuse(send, 403, "cross-site request refused")
            return
        if _length(headers) > MAX_BODY_BYTES:
            await _refuse(send, 413, f"request body over {MAX_BODY_BYTES:,} bytes")
            return
        await self.app(scope, _counted(receive), send)

    def _cross_site(self, scope: Scope, headers: dict[str, str]) -> bool:
        if headers.get("sec-fetch-site") == "cross-site":
            return True
        origin = headers.get("origin")
        if origin is None:
            return False
        own = f"{scope.get('scheme', 'http')}://{headers.get('host', '')}"
        return origin not in self.origins | {own}


def _length(headers: dict[str, str]) -> int:
    """The announced body length (the server has already refused a malformed one)."""
    text = headers.get("content-length", "0")
    return int(text) if text.isdigit() else 0


class _BodyTooLarge(HTTPException):
    """A body without a length (chunked) that passed the limit while streaming in: 413,
    answered by the application's error handler like any refusal, never a server error."""

    def __init__(self) -> None:
        super().__init__(413, f"request body over {MAX_BODY_BYTES:,} bytes")


def _counted(receive: Receive) -> Receive:
    """``receive`` that fails the request (413) once the body passes the limit."""
    seen = 0

    async def counting() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > MAX_BODY_BYTES:
            raise _BodyTooLarge
        return message

    return counting


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"error": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
