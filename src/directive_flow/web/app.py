"""The application factory: routes, middleware, error pages, the store opened at start-up.

``create_app(settings)`` builds a new app each call (tests build one per case); nothing
is built at import time. The store is opened, and the signing key read or generated,
when the app starts (its lifespan), so a worker that cannot reach the store fails to
start instead of answering errors. Serve several workers with
``uvicorn --factory directive_flow.web:create_app``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

from directive_flow.errors import (
    DirectiveFlowError,
    ForbiddenError,
    NotFoundError,
    RefusedError,
    StaleError,
    StoreError,
)
from directive_flow.settings import Settings, get_settings
from directive_flow.texts.formats import json_ready
from directive_flow.texts.refusals import said_lines
from directive_flow.web.deps import parsed_form
from directive_flow.web.render import make_templates, page
from directive_flow.web.routes import admin, auth, board, review, tasks
from directive_flow.web.security import RequestGuard, SecurityHeaders
from directive_flow.web.state import Portal, public_origin

__all__ = ["create_app"]

STATIC = Path(__file__).parent / "static"


class _StoredJSON(JSONResponse):
    """Every JSON answer: strict UTF-8 JSON of whatever is stored (``texts.json_ready``), so
    a legacy row holding ``Infinity`` or a lone surrogate never turns a page into a 500."""

    def render(self, content: Any) -> bytes:
        """``content`` as compact, strict JSON."""
        text = json.dumps(
            json_ready(content), ensure_ascii=False, allow_nan=False, separators=(",", ":")
        )
        return text.encode("utf-8")


TITLES = {
    400: "Yêu cầu không hợp lệ",
    401: "Cần đăng nhập",
    403: "Không có quyền",
    404: "Không tìm thấy",
    405: "Không hỗ trợ",
    409: "Trang đã cũ",
    413: "Tệp quá lớn",
    422: "Dữ liệu chưa hợp lệ",
    503: "Kho dữ liệu không sẵn sàng",
}


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new portal app for ``settings`` (default: the process's settings)."""
    config = settings or get_settings()
    templates = make_templates(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.portal = Portal.start(config, templates)
        yield

    app = FastAPI(
        title="directive-flow portal",
        version="1",
        summary="The agencies' counter: tasks, submissions, review, boards.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI would load scripts from a CDN
        redoc_url=None,
        lifespan=lifespan,
        default_response_class=_StoredJSON,
    )
    _routes(app)
    _errors(app)
    app.add_middleware(RequestGuard, origins=frozenset({public_origin(config)}))
    app.add_middleware(SecurityHeaders, https=config.portal_url.startswith("https://"))
    return app


def _routes(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, tasks, review, board, admin):
        app.include_router(module.router)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        """200 while the process serves requests."""
        return {"status": "ok"}

    @app.get("/", include_in_schema=False)
    def home() -> Response:
        return RedirectResponse("/tasks", status_code=303)


_STATUS: tuple[tuple[type[DirectiveFlowError], int], ...] = (
    (ForbiddenError, 403),
    (StaleError, 409),
    (NotFoundError, 404),
    (RefusedError, 422),
    (StoreError, 503),
    (DirectiveFlowError, 400),
)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(DirectiveFlowError)
    async def refused(request: Request, exc: DirectiveFlowError) -> Response:
        status = next(code for kind, code in _STATUS if isinstance(exc, kind))
        problems = list(exc.problems) if isinstance(exc, RefusedError) else []
        summary = exc.summary if isinstance(exc, RefusedError) else str(exc)
        return _answer(request, status, summary, problems)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 401 and not _api(request):
            return await _signed_out(request)
        return _answer(request, exc.status_code, str(exc.detail), [], exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [_located(e) for e in exc.errors()]
        return _answer(request, 422, "the request is not valid", problems)


async def _signed_out(request: Request) -> Response:
    """A page asked for without a live session: the sign-in form, which brings the person
    back to the task they were on. A form sent after the session ended (idle for an hour,
    signed out in another tab) is answered with the form, why nothing was recorded and
    what they typed, to copy: going back would only reload a page that asks to sign in."""
    back = auth.return_to(request.url.path)
    if request.method in ("GET", "HEAD") or request.url.path == "/sign-out":
        query = f"?{urlencode({'next': back})}" if back else ""
        return RedirectResponse(f"/sign-in{query}", status_code=303)
    typed = await _typed(request)
    view = {"email": "", "message": None, "next": back, "expired": True, "typed": typed}
    return page(request, request.app.state.portal, "sign_in.html", view, status=401)


_NOT_TYPED = frozenset({"csrf_token", "version", "request", "decision", "approve", "next"})
_TYPED_NAMES = {"note": "Ghi chú", "reason": "Lý do", "until": "Đề nghị gia hạn đến ngày"}


async def _typed(request: Request) -> list[tuple[str, str]]:
    """The text a refused form carried (name, value), at most 100 values."""
    try:
        form = await parsed_form(request)
    except (HTTPException, ClientDisconnect, RuntimeError):  # a body that does not parse
        return []
    typed = [
        (_TYPED_NAMES.get(name, name), value)
        for name, value in form.multi_items()
        if isinstance(value, str) and value.strip() and name not in _NOT_TYPED
    ]
    await form.close()
    return typed[:100]


def _located(error: Any) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body",))
    return f"{where}: {error.get('msg', 'invalid')}"


def _api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _answer(
    request: Request,
    status: int,
    summary: str,
    problems: list[str],
    headers: Mapping[str, str] | None = None,
) -> Response:
    """JSON under ``/api`` (``error``, ``problems`` as ``{field, message}``), else a page."""
    if _api(request) or not hasattr(request.app.state, "portal"):
        fields = [dict(zip(("field", "message"), _split(p), strict=True)) for p in problems]
        body = {"error": summary, "problems": fields}
        return _StoredJSON(body, status_code=status, headers=dict(headers or {}))
    detail, *lines = said_lines(summary, [_unlocated(p) for p in problems])
    view = {"title": TITLES.get(status, "Lỗi"), "detail": detail, "problems": lines}
    return page(request, request.app.state.portal, "error.html", view, status=status)


def _unlocated(problem: str) -> str:
    """A problem of the address (``path.task: ...``, ``query.page: ...``) without the
    parameter's name: a page says what is wrong with the address, in Vietnamese."""
    head, sep, message = problem.partition(": ")
    return message if sep and head.startswith(("path.", "query.")) else problem


def _split(problem: str) -> tuple[str | None, str]:
    head, sep, message = problem.partition(": ")
    if sep and " " not in head.strip():
        return head, message
    return None, problem
