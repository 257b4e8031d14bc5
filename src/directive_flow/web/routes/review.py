"""Review: what waits for a decision, accepting or returning, deciding extensions.

The steps decide who may (:mod:`directive_flow.steps.rights`): the issuing office and
the consumers' owners review, the issuing office decides extensions, nobody decides on
its own agency's work; a refusal is 403 here as everywhere.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from directive_flow.domain import Decision
from directive_flow.errors import ForbiddenError, RefusedError, StaleError
from directive_flow.steps.common import local_today
from directive_flow.steps.consolidate import agency_names
from directive_flow.steps.extend import decide_extension
from directive_flow.steps.review import review
from directive_flow.steps.reviewqueue import (
    MAX_PER_PAGE,
    PER_PAGE,
    ReviewQueue,
    Scope,
    last_decision,
    review_queue,
)
from directive_flow.store.db import session_scope
from directive_flow.texts.refusals import said_lines
from directive_flow.web.deps import (
    CsrfFullContact,
    FormDep,
    FullContact,
    PortalDep,
    ReadDep,
    SessionDep,
    SignedIn,
)
from directive_flow.web.forms import text_of
from directive_flow.web.render import page
from directive_flow.web.routes.paths import DirectiveId, TaskKey
from directive_flow.web.state import Portal

__all__ = ["DecisionBody", "ReviewBody", "router"]

router = APIRouter()


class ReviewBody(BaseModel):
    """``POST /api/tasks/{directive}/{task}/review``."""

    decision: Literal["accept", "return"]
    version: int = Field(ge=1, description="the version the reviewer read (409 if newer came)")
    reason: str | None = Field(None, max_length=10_000)


class DecisionBody(BaseModel):
    """``POST /api/tasks/{directive}/{task}/extension/decision``."""

    approve: bool
    request: int | None = Field(None, ge=1, description="the request read (409 if another)")


@router.get("/review", include_in_schema=False)
def review_page(
    request: Request, portal: PortalDep, contact: FullContact, session: ReadDep
) -> Response:
    """Submissions (with the difference from the previous version) and extensions, of the
    live directives unless ``scope=all``, a page at a time; a mistyped query string reads
    as the first page of the live queue."""
    asked = request.query_params
    scope: Scope = "all" if asked.get("scope") == "all" else "live"
    number, size = asked.get("page", "1"), asked.get("per_page", "")
    queue = review_queue(
        session,
        actor=contact.actor,
        as_of=local_today(),
        scope=scope,
        page=int(number) if number.isdecimal() and len(number) < 7 else 1,
        per_page=int(size) if size.isdecimal() and 0 < int(size[:4]) <= MAX_PER_PAGE else PER_PAGE,
    )
    done = asked.get("done", "")
    directive, _, task = done.removeprefix("/tasks/").partition("/")
    decided = (
        last_decision(session, actor=contact.actor, directive=directive, task=task)
        if task
        else None
    )
    view = {"queue": queue, "decided": decided, "names": _names(session, queue), **_links(queue)}
    return page(request, portal, "review.html", view)


def _names(session: Session, queue: ReviewQueue) -> dict[str, str]:
    """The names of the agencies the page shows, as their registry gives them."""
    shown = [s.agency for s in queue.submissions] + [e.agency for e in queue.extensions]
    return agency_names(session, shown)


def _links(queue: ReviewQueue) -> dict[str, str | None]:
    """The addresses of the neighbouring pages (the scope and page size kept) and of the
    two scopes."""

    def at(scope: str, number: int) -> str:
        asked: dict[str, str | int] = {"scope": scope} if scope == "all" else {}
        asked |= {"page": number} if number > 1 else {}
        asked |= {"per_page": queue.per_page} if queue.per_page != PER_PAGE else {}
        return "/review" + ("?" + urlencode(asked) if asked else "")

    return {
        "previous": at(queue.scope, queue.page - 1) if queue.page > 1 else None,
        "next": at(queue.scope, queue.page + 1) if queue.page < queue.pages else None,
        "live": at("live", 1),
        "all": at("all", 1),
    }


@router.get("/api/review", tags=["review"])
def api_review(
    contact: FullContact,
    session: ReadDep,
    scope: Annotated[Scope, Query(description="live (default) or all, ended ones too")] = "live",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
) -> dict[str, Any]:
    """What the caller may decide on now, a page of submissions at a time: the live
    directives' unless ``scope=all``."""
    queue = review_queue(
        session, actor=contact.actor, as_of=local_today(), scope=scope, page=page,
        per_page=per_page,
    )  # fmt: skip
    return queue.to_json()


@router.post("/api/tasks/{directive}/{task:path}/review", tags=["review"])
def api_decide(
    contact: CsrfFullContact,
    session: SessionDep,
    directive: DirectiveId,
    task: TaskKey,
    body: ReviewBody,
) -> dict[str, Any]:
    """Accept the latest version, or return it with a reason; 403 when the caller may not."""
    version = review(
        session,
        directive=directive,
        task=task,
        decision=Decision(body.decision),
        reason=body.reason,
        actor=contact.actor,
        version=body.version,
    )
    return {"directive": directive, "task": task, "version": version, "decision": body.decision}


@router.post("/tasks/{directive}/{task:path}/review", include_in_schema=False)
def decide_form(
    request: Request,
    portal: PortalDep,
    contact: CsrfFullContact,
    form: FormDep,
    directive: DirectiveId,
    task: TaskKey,
) -> Response:
    """The reviewer's buttons; a refusal shows the review page with the reason."""
    decision, reason = text_of(form, "decision"), text_of(form, "reason").strip() or None
    try:
        with session_scope(portal.engine) as session:
            review(
                session,
                directive=directive,
                task=task,
                decision=_decision(decision),
                reason=reason,
                actor=contact.actor,
                version=_read(form, "version", "review refused:"),
            )
    except RefusedError as exc:
        return _again(request, portal, contact, exc, (directive, task, reason or ""))
    return RedirectResponse(_done(directive, task), status_code=303)


def _read(form: Any, name: str, summary: str) -> int:
    """The number of the version or request the page showed (sent by every decision form)."""
    text = text_of(form, name).strip()
    if not text.isdecimal() or len(text) > 12:
        raise RefusedError(summary, [f"{name}: the page is out of date; open it again"])
    return int(text)


def _decision(text: str) -> Decision:
    try:
        return Decision(text)
    except ValueError:
        raise RefusedError("review refused:", ["decision: choose accept or return"]) from None


def _again(
    request: Request,
    portal: Portal,
    contact: SignedIn,
    exc: RefusedError,
    at: tuple[str, str, str] | None = None,
) -> Response:
    """The review page again with the refusal; a decision on a submission still waiting
    shows it on that submission's form, the reason typed kept (``at``: directive, task,
    reason), else at the top."""
    with session_scope(portal.engine) as session:
        queue = review_queue(session, actor=contact.actor, as_of=local_today())
        names = _names(session, queue)
    lines = said_lines(exc.summary, exc.problems)
    view: dict[str, Any] = {"queue": queue, "problems": lines, "names": names, **_links(queue)}
    if at is not None and any((s.directive, s.task) == at[:2] for s in queue.submissions):
        problem = " ".join(lines[1:]) or lines[0]
        view |= {"problems": [], "at": {"key": at[:2], "reason": at[2], "problem": problem}}
    status = 403 if isinstance(exc, ForbiddenError) else 409 if isinstance(exc, StaleError) else 422
    return page(request, portal, "review.html", view, status=status)


@router.post("/api/tasks/{directive}/{task:path}/extension/decision", tags=["review"])
def api_decide_extension(
    contact: CsrfFullContact,
    session: SessionDep,
    directive: DirectiveId,
    task: TaskKey,
    body: DecisionBody,
) -> dict[str, Any]:
    """Approve or reject the pending request (the issuing office); approval moves ``due``."""
    row = decide_extension(
        session,
        directive=directive,
        task=task,
        approve=body.approve,
        actor=contact.actor,
        request_id=body.request,
    )
    return {"directive": directive, "task": task, "status": row.status.value}


@router.post("/tasks/{directive}/{task:path}/extension/decision", include_in_schema=False)
def decide_extension_form(
    request: Request,
    portal: PortalDep,
    contact: CsrfFullContact,
    form: FormDep,
    directive: DirectiveId,
    task: TaskKey,
) -> Response:
    """Approve or reject from the review page."""
    try:
        with session_scope(portal.engine) as session:
            decide_extension(
                session,
                directive=directive,
                task=task,
                approve=text_of(form, "approve") == "yes",
                actor=contact.actor,
                request_id=_read(form, "request", "extension decision refused:"),
            )
    except RefusedError as exc:
        return _again(request, portal, contact, exc)
    return RedirectResponse(_done(directive, task), status_code=303)


def _done(directive: str, task: str) -> str:
    """The review page after a decision: it confirms the decision read from the store."""
    return f"/review?{urlencode({'done': f'{directive}/{task}'})}"
