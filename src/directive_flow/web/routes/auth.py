"""Signing in by e-mail link, the session, signing out, reminders' deep links.

``POST /sign-in`` answers the same for every address (no account enumeration) and is
rate limited per client address and per e-mail address; a registered address receives
one link per agency it speaks for, mailed after the answer is sent (so the answer's
timing says nothing either). Following a link opens a fresh session (the browser's old
one, if any, is ended: no session fixation) and redirects to the task list.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, BackgroundTasks, Path, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from directive_flow.errors import ForbiddenError, NotFoundError
from directive_flow.notify import Message, deliver
from directive_flow.steps.audience import roles_of
from directive_flow.steps.common import utc_now
from directive_flow.steps.identity import (
    SIGN_IN_TTL,
    Opened,
    SignInLink,
    open_session,
    redeem_sign_in,
    request_sign_in,
    sign_out,
)
from directive_flow.steps.links import verify_task_link
from directive_flow.steps.ratelimit import hit
from directive_flow.steps.signing import digest
from directive_flow.store.db import session_scope
from directive_flow.texts.refusals import said
from directive_flow.web.deps import (
    CsrfContact,
    CurrentContact,
    FormDep,
    PortalDep,
    ReadDep,
    SessionDep,
    client_address,
    cookie_name,
    seal,
    signed_in,
)
from directive_flow.web.forms import text_of
from directive_flow.web.render import page
from directive_flow.web.state import Portal

__all__ = ["PER_ADDRESS", "PER_EMAIL", "SignInBody", "return_to", "router"]

router = APIRouter()
PER_ADDRESS = (20, timedelta(minutes=15))
"""Sign-in requests allowed from one client address per window."""
PER_EMAIL = (5, timedelta(hours=1))
"""Sign-in requests allowed for one e-mail address per window."""
SENT = (
    "Nếu địa chỉ này là đầu mối đã đăng ký của một cơ quan, thư chứa liên kết đăng nhập "
    f"(dùng một lần, trong {int(SIGN_IN_TTL.total_seconds() // 60)} phút) vừa được gửi tới đó."
)
TOO_MANY = "Quá nhiều yêu cầu đăng nhập. Vui lòng thử lại sau {minutes} phút."
Token = Annotated[str, Path(min_length=10, max_length=1000, pattern=r"^[A-Za-z0-9_.=-]+$")]


class SignInBody(BaseModel):
    """``POST /api/sign-in``."""

    email: str = Field(min_length=3, max_length=254, description="a registered address")


_NEXT = re.compile(r"/tasks/[a-z0-9][a-z0-9._-]{0,79}/[A-Za-z0-9][A-Za-z0-9._/-]{0,199}")


def _next(text: str | None) -> str | None:
    """A task page to return to after signing in: a local ``/tasks/...`` path, else None
    (never another site, never a path that climbs)."""
    if text and _NEXT.fullmatch(text) and ".." not in text and "//" not in text:
        return text
    return None


_ACTIONS = ("/submissions", "/extension/decision", "/extension", "/review")


def return_to(path: str) -> str | None:
    """The task page a request to ``path`` came from (``/tasks/d/t/submissions`` ->
    ``/tasks/d/t``), to come back to after signing in; None for any other path."""
    for action in _ACTIONS:
        if path.startswith("/tasks/") and path.endswith(action):
            return _next(path.removesuffix(action))
    return _next(path)


@router.get("/sign-in", include_in_schema=False)
def sign_in_form(request: Request, portal: PortalDep) -> Response:
    """The form: one field, the e-mail address (and the task page to return to)."""
    back = _next(request.query_params.get("next"))
    return page(request, portal, "sign_in.html", {"email": "", "message": None, "next": back})


@router.post("/sign-in", include_in_schema=False)
def sign_in(request: Request, portal: PortalDep, form: FormDep, tasks: BackgroundTasks) -> Response:
    """Mail a link if the address is registered; the same answer either way."""
    email, back = text_of(form, "email").strip()[:254], _next(text_of(form, "next"))
    retry = _ask(request, portal, email, tasks, back)
    message = TOO_MANY.format(minutes=max(1, retry // 60)) if retry else SENT
    view = {"email": email, "message": message, "limited": bool(retry), "next": back}
    response = page(request, portal, "sign_in.html", view, status=429 if retry else 200)
    if retry:
        response.headers["Retry-After"] = str(retry)
    return response


@router.post("/api/sign-in", status_code=202, tags=["session"])
def api_sign_in(
    request: Request, portal: PortalDep, body: SignInBody, tasks: BackgroundTasks
) -> Any:
    """Ask for a sign-in link: 202 whether or not the address is registered; 429 if limited."""
    retry = _ask(request, portal, body.email.strip(), tasks)
    if retry:
        return _json(429, {"error": TOO_MANY.format(minutes=max(1, retry // 60))}, retry)
    return {"message": SENT}


def _ask(
    request: Request,
    portal: Portal,
    email: str,
    tasks: BackgroundTasks,
    back: str | None = None,
) -> int:
    """Count the request, issue the links; the seconds to wait when limited, else 0."""
    now, address = utc_now(), client_address(request) or "unknown"
    with session_scope(portal.engine) as session:
        for key, (limit, window) in (
            (f"sign-in:ip:{address}", PER_ADDRESS),
            (f"sign-in:email:{digest(email.casefold())}", PER_EMAIL),
        ):
            allowance = hit(session, key=key, limit=limit, window=window, now=now)
            if not allowance.allowed:
                return allowance.retry_after
        links = request_sign_in(
            session, email=email, operators=portal.operators, address=address, now=now
        )
    for link in links:
        tasks.add_task(_mail, portal, link, back)
    return 0


def _mail(portal: Portal, link: SignInLink, back: str | None = None) -> None:
    """The sign-in letter, through the one delivery path (the mailbox in embedded mode)."""
    url = f"{portal.settings.portal_url.rstrip('/')}/sign-in/{link.token}"
    if back is not None:
        url += f"?{urlencode({'next': back})}"
    template = portal.templates.env.get_template("mail/sign_in.txt")
    body = template.render(contact=link.contact, url=url, minutes=SIGN_IN_TTL.seconds // 60)
    subject = "[directive-flow] Liên kết đăng nhập cổng theo dõi nhiệm vụ"
    message = Message(f"sign-in:{digest(link.token)}", subject, body, [link.contact.email])
    deliver(message, settings=portal.delivery)


@router.get("/sign-in/{token}", include_in_schema=False)
def follow_link(request: Request, portal: PortalDep, token: Token) -> Response:
    """Use the one-time link: a fresh session, then the task list."""
    address, now = client_address(request), utc_now()
    try:
        with session_scope(portal.engine) as session:
            _end_current(request, portal, session)
            opened = redeem_sign_in(
                session, token=token, operators=portal.operators, address=address, now=now
            )
    except ForbiddenError as exc:
        view = {
            "title": "Liên kết không dùng được",
            "detail": said(str(exc)),
            "sign_in": True,
        }
        return page(request, portal, "error.html", view, status=403)
    back = _next(request.query_params.get("next")) or "/tasks"
    return _with_cookie(portal, RedirectResponse(back, status_code=303), opened)


@router.get("/links/{token}", include_in_schema=False)
def follow_deep_link(request: Request, portal: PortalDep, token: Token) -> Response:
    """A reminder's link: a session for that agency and task only, then the task."""
    try:
        with session_scope(portal.engine) as session:
            _end_current(request, portal, session)
            grant = verify_task_link(session, token, settings=portal.settings)
            opened = open_session(
                session,
                name=f"Liên kết nhắc việc {grant.agency}",
                email=None,
                agency=grant.agency,
                operator=False,
                address=client_address(request),
                now=utc_now(),
                directive=grant.directive,
                task=grant.task,
            )
    except (ForbiddenError, NotFoundError) as exc:
        view = {
            "title": "Liên kết không dùng được",
            "detail": said(str(exc)),
            "sign_in": True,
        }
        return page(request, portal, "error.html", view, status=403)
    target = f"/tasks/{grant.directive}/{grant.task}"
    return _with_cookie(portal, RedirectResponse(target, status_code=303), opened)


def _end_current(request: Request, portal: Portal, session: Any) -> None:
    """End the session the browser brought along, if it has one."""
    current = signed_in(request, portal)
    if current is not None:
        sign_out(session, identity=current.identity, now=utc_now())


def _with_cookie(portal: Portal, response: Response, opened: Opened) -> Response:
    response.set_cookie(
        cookie_name(portal),
        seal(portal, opened.token),
        httponly=True,
        samesite="lax",
        secure=portal.https,
        path="/",
    )
    return response


@router.post("/sign-out", include_in_schema=False)
def sign_out_page(portal: PortalDep, contact: CsrfContact, session: SessionDep) -> Response:
    """End the session; back to the sign-in form."""
    sign_out(session, identity=contact.identity, now=utc_now())
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(cookie_name(portal), path="/", secure=portal.https, httponly=True)
    return response


@router.post("/api/sign-out", tags=["session"])
def api_sign_out(portal: PortalDep, contact: CsrfContact, session: SessionDep) -> Any:
    """End the session."""
    sign_out(session, identity=contact.identity, now=utc_now())
    response = _json(200, {"signed_out": True})
    response.delete_cookie(cookie_name(portal), path="/", secure=portal.https, httponly=True)
    return response


@router.get("/api/session", tags=["session"])
def api_session(contact: CurrentContact, session: ReadDep) -> dict[str, Any]:
    """Who is signed in: agency, e-mail, roles, and the CSRF token for state changes."""
    identity = contact.identity
    return {
        "agency": identity.agency,
        "email": identity.email,
        "name": identity.name,
        "roles": roles_of(session, contact.actor),
        "csrf_token": contact.csrf,
        "limited_to": {"directive": identity.directive, "task": identity.task}
        if identity.limited
        else None,
    }


def _json(status: int, content: dict[str, Any], retry: int | None = None) -> Response:
    response = JSONResponse(content, status_code=status)
    if retry:
        response.headers["Retry-After"] = str(retry)
    return response
