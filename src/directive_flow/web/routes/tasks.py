"""My tasks, a task's page, handing in (form and JSON), asking for time, attachments.

Every write goes through the one step of its kind (``submit``, ``extend``) with the
signed-in person's actor; a refused form is shown again with every value as typed and
each problem beside its field.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from directive_flow.domain import Status
from directive_flow.errors import ForbiddenError, RefusedError
from directive_flow.steps.common import local_today
from directive_flow.steps.downloads import attachment_file
from directive_flow.steps.extend import request_extension
from directive_flow.steps.fields import day_of
from directive_flow.steps.intake import Intake, IntakeFile
from directive_flow.steps.submit import submit
from directive_flow.steps.tasklist import (
    MAX_PER_PAGE,
    PER_PAGE,
    URGENCY,
    Scope,
    TaskPage,
    group_by_status,
    task_list,
)
from directive_flow.steps.tasklist import task_page as tasks_of
from directive_flow.steps.taskview import TaskView, task_view
from directive_flow.store.db import session_scope
from directive_flow.web.deps import (
    CsrfContact,
    CurrentContact,
    FormDep,
    PortalDep,
    ReadDep,
    SessionDep,
    SignedIn,
    form_token_ok,
)
from directive_flow.web.forms import FILES, Placed, file_names, place, text_of, uploads
from directive_flow.web.render import page
from directive_flow.web.routes.paths import DirectiveId, Numeric, TaskKey, task_url
from directive_flow.web.state import Portal

__all__ = ["ExtensionBody", "SubmissionBody", "router"]

router = APIRouter()


LiveStatus = Literal["overdue", "in_progress", "no_deadline", "late", "on_time"]


class SubmissionBody(BaseModel):
    """``POST /api/tasks/{directive}/{task}/submissions``."""

    data: dict[str, Any] = Field(default_factory=dict, description="field name -> value")
    note: str | None = Field(None, max_length=10_000)


class ExtensionBody(BaseModel):
    """``POST /api/tasks/{directive}/{task}/extension``."""

    until: date
    reason: str = Field(min_length=1, max_length=10_000)


def _tasks(
    contact: SignedIn,
    session: Session,
    scope: Scope = "live",
    number: int = 1,
    after: int | None = None,
    per_page: int = PER_PAGE,
    status: Status | None = None,
) -> TaskPage:
    identity = contact.identity
    if identity.directive is not None and identity.task is not None:  # a reminder's link
        only = (identity.directive, identity.task)
        items = task_list(session, agency=identity.agency, as_of=local_today(), only=only)
        counts = {s: sum(i.status == s for i in items) for s in URGENCY}
        return TaskPage(tuple(items), "live", 1, max(len(items), 1), len(items), counts)
    return tasks_of(
        session, agency=identity.agency, as_of=local_today(), scope=scope, page=number,
        after=after, per_page=per_page, status=status,
    )  # fmt: skip


def _number(text: str | None) -> int | None:
    """A page number or task id as a hand may have typed it: None unless plainly one."""
    return int(text) if text and text.isdecimal() and len(text) < 12 else None


@router.get("/tasks", include_in_schema=False)
def tasks_page(
    request: Request, portal: PortalDep, contact: CurrentContact, session: ReadDep
) -> Response:
    """My tasks, grouped by the four-way status, most urgent first, a page at a time: live
    work unless ``scope=all`` (ended directives too, newest first). A query string a hand
    mistyped is read leniently (the first page of the live list)."""
    asked = request.query_params
    scope: Scope = "all" if asked.get("scope") == "all" else "live"
    status = _STATUSES.get(asked.get("status", "")) if scope == "live" else None
    number, after = _number(asked.get("page")) or 1, _number(asked.get("after"))
    per_page = _number(asked.get("per_page")) or PER_PAGE
    per_page = per_page if per_page <= MAX_PER_PAGE else PER_PAGE
    listed = _tasks(contact, session, scope, number, after, per_page, status)
    view = {"list": listed, "groups": group_by_status(list(listed.items))}
    links = _links(listed)
    size = per_page if per_page != PER_PAGE else None
    filters = {s: _at(status=s.value, per_page=size) for s in URGENCY}
    return page(
        request, portal, "tasks.html", view | {"count": listed.total, "filters": filters, **links}
    )


_STATUSES = {s.value: s for s in URGENCY}


def _at(**asked: str | int | None) -> str:
    """``/tasks`` with the parameters given (the empty ones and the first page left out)."""
    kept = {k: v for k, v in asked.items() if v not in (None, "") and (k, v) != ("page", 1)}
    return "/tasks" + ("?" + urlencode(kept) if kept else "")


def _links(listed: TaskPage) -> dict[str, str | None]:
    """The addresses of the neighbouring pages (the filter and page size kept) and of the
    two scopes."""
    status = listed.status.value if listed.status else None
    size = listed.per_page if listed.per_page != PER_PAGE else None
    previous = following = None
    if listed.scope == "all":
        if listed.after is not None:
            previous = _at(scope="all", per_page=size)
        if listed.next_after is not None:
            following = _at(scope="all", after=listed.next_after, per_page=size)
    else:
        if listed.page > 1:
            previous = _at(status=status, page=listed.page - 1, per_page=size)
        if listed.page < listed.pages:
            following = _at(status=status, page=listed.page + 1, per_page=size)
    live, every = _at(per_page=size), _at(scope="all", per_page=size)
    return {"previous": previous, "next": following, "live": live, "all": every}


@router.get("/api/tasks", tags=["tasks"])
def api_tasks(
    contact: CurrentContact,
    session: ReadDep,
    scope: Annotated[Scope, Query(description="live (default) or all, ended ones too")] = "live",
    page: Annotated[int, Query(ge=1, le=1_000_000, description="live: the page")] = 1,
    after: Annotated[
        int | None, Query(ge=1, description="all: the task id the page starts after (next_after)")
    ] = None,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
    status: Annotated[
        LiveStatus | None, Query(description="live: only the tasks in this state")
    ] = None,
) -> dict[str, Any]:
    """The signed-in agency's tasks (an operator without agency: every agency's), a page
    at a time: live ones, most urgent first, unless ``scope=all`` (newest first, by
    ``after``)."""
    chosen = Status(status) if status is not None and scope == "live" else None
    listed = _tasks(contact, session, scope, page, after, per_page, chosen)
    return {"as_of": local_today().isoformat(), **listed.to_json()}


def _view(session: Session, contact: SignedIn, directive: str, task: str) -> TaskView:
    contact.identity.check_reach(directive, task)
    view = task_view(
        session, actor=contact.actor, directive=directive, task=task, as_of=local_today()
    )
    if contact.identity.limited:  # a reminder's link reads; a person signed in writes
        view = dataclasses.replace(
            view, rights=dataclasses.replace(view.rights, submit=False, extend=False)
        )
    return view


@router.get("/tasks/{directive}/{task:path}", include_in_schema=False)
def task_page(
    request: Request,
    portal: PortalDep,
    contact: CurrentContact,
    session: ReadDep,
    directive: DirectiveId,
    task: TaskKey,
) -> Response:
    """A task: as written, the form, versions, extension."""
    view = _view(session, contact, directive, task)
    return page(request, portal, "task.html", _task_context(view, {}, Placed()))


def _task_context(
    view: TaskView, values: dict[str, str], placed: Placed, at: str = "submission"
) -> dict[str, Any]:
    """The task page's view; ``at`` names the form the errors belong to."""
    return {"task": view, "values": values, "errors": placed, "notice": None, "errors_at": at}


@router.get("/api/tasks/{directive}/{task:path}", tags=["tasks"])
def api_task(
    contact: CurrentContact, session: ReadDep, directive: DirectiveId, task: TaskKey
) -> dict[str, Any]:
    """A task: as written, fields, versions, extensions, and what the caller may do."""
    return _view(session, contact, directive, task).to_json()


@router.post("/api/tasks/{directive}/{task:path}/submissions", status_code=201, tags=["tasks"])
def api_submit(
    portal: PortalDep,
    contact: CsrfContact,
    session: SessionDep,
    directive: DirectiveId,
    task: TaskKey,
    body: SubmissionBody,
    response: Response,
) -> dict[str, Any]:
    """Hand in a new version: 201 with it; 200 with ``"repeated": true`` and the waiting
    version when it is the same word for word (nothing stored); 422 with the problems per
    field; 403/404."""
    contact.identity.check_reach(directive, task)
    contact.identity.check_writes()
    done = submit(
        session,
        _intake(contact, directive, task, body.data, body.note, ()),
        home=portal.settings.home,
    )
    if done.repeated:
        response.status_code = 200
    answer = {"directive": done.directive, "task": done.key, "version": done.version}
    return answer | {"repeated": done.repeated}


def _intake(
    contact: SignedIn,
    directive: str,
    task: str,
    data: Any,
    note: str | None,
    files: tuple[IntakeFile, ...],
) -> Intake:
    agency = task.split("/")[1]  # the key's agency: the step refuses anyone else's actor
    return Intake.of(
        directive=directive,
        task=task,
        agency=agency,
        actor=contact.actor,
        data=data,
        note=note,
        attachments=files,
    )


@router.post("/tasks/{directive}/{task:path}/submissions", include_in_schema=False)
def submit_form(
    request: Request,
    portal: PortalDep,
    contact: CurrentContact,
    form: FormDep,
    directive: DirectiveId,
    task: TaskKey,
) -> Response:
    """The form: stored, or shown again with the values kept and the problems placed."""
    contact.identity.check_reach(directive, task)
    contact.identity.check_writes()
    with session_scope(portal.engine) as session:
        names = [f.name for f in _view(session, contact, directive, task).fields]
    values = {name: text_of(form, name) for name in [*names, "note"]}
    if not form_token_ok(request, contact, form):
        return _refused(request, portal, contact, directive, task, values, _STALE, names)
    problems: list[str] = []
    try:
        with uploads(form, FILES, problems) as files:
            if problems:
                raise RefusedError("attachments refused:", problems)
            data = {n: values[n] for n in names}
            with session_scope(portal.engine) as session:
                done = submit(
                    session,
                    _intake(contact, directive, task, data, values["note"] or None, files),
                    home=portal.settings.home,
                )
    except RefusedError as exc:
        return _refused(
            request, portal, contact, directive, task, values, exc, names, file_names(form)
        )
    same = "&same=1" if done.repeated else ""
    return RedirectResponse(
        f"{task_url(directive, task)}?submitted={done.version}{same}", status_code=303
    )


_STALE = ForbiddenError("missing or wrong CSRF token (X-CSRF-Token, or csrf_token)")
"""A form from a page whose session changed since (its token is another session's)."""


def _refused(
    request: Request,
    portal: Portal,
    contact: SignedIn,
    directive: str,
    task: str,
    values: dict[str, str],
    exc: RefusedError,
    names: list[str],
    files: list[str] | None = None,
) -> Response:
    at = "extension" if "until" in names else "submission"
    problems = list(exc.problems) or [_field_of(exc.summary) if at == "extension" else exc.summary]
    placed = place(problems, [*names, "note", FILES], files or ())
    with session_scope(portal.engine) as session:
        view = _view(session, contact, directive, task)
    status = 403 if isinstance(exc, ForbiddenError) else 422
    return page(
        request, portal, "task.html", _task_context(view, values, placed, at), status=status
    )


@router.post("/tasks/{directive}/{task:path}/extension", include_in_schema=False)
def extension_form(
    request: Request,
    portal: PortalDep,
    contact: CurrentContact,
    form: FormDep,
    directive: DirectiveId,
    task: TaskKey,
) -> Response:
    """Ask for more time; the form again with the problem if refused."""
    contact.identity.check_reach(directive, task)
    contact.identity.check_writes()
    until, reason = text_of(form, "until"), text_of(form, "reason")
    values = {"until": until, "reason": reason}
    if not form_token_ok(request, contact, form):
        return _refused(request, portal, contact, directive, task, values, _STALE, [*values])
    try:
        day = _day(until)
        with session_scope(portal.engine) as session:
            request_extension(
                session,
                directive=directive,
                task=task,
                until=day,
                reason=reason,
                actor=contact.actor,
            )
    except RefusedError as exc:
        return _refused(request, portal, contact, directive, task, values, exc, [*values])
    return RedirectResponse(f"{task_url(directive, task)}?extension=1", status_code=303)


_EXTENSION_FIELDS = (
    ("the day asked for", "until"),
    ("--until ", "until"),
    ("an extension request needs a reason", "reason"),
)


def _field_of(refusal: str) -> str:
    """An extension refusal that names no field, as the problem of the field it is about
    (the day asked for, the reason), so the page shows it there."""
    for start, name in _EXTENSION_FIELDS:
        if refusal.startswith(start):
            return f"{name}: {refusal}"
    return refusal


def _day(text: str) -> date:
    if not text.strip():
        problem = "until: missing required field (Đề nghị gia hạn đến ngày)"
        raise RefusedError("extension refused:", [problem])
    try:
        return day_of(text)
    except ValueError as exc:
        raise RefusedError("extension refused:", [f"until: {exc}"]) from None


@router.post("/api/tasks/{directive}/{task:path}/extension", status_code=201, tags=["tasks"])
def api_extension(
    contact: CsrfContact,
    session: SessionDep,
    directive: DirectiveId,
    task: TaskKey,
    body: ExtensionBody,
) -> dict[str, Any]:
    """Ask for the deadline to move to ``until``, with a reason (before the deadline)."""
    contact.identity.check_reach(directive, task)
    contact.identity.check_writes()
    row = request_extension(
        session,
        directive=directive,
        task=task,
        until=body.until,
        reason=body.reason,
        actor=contact.actor,
    )
    return {
        "directive": directive,
        "task": task,
        "request": row.id,
        "until": row.requested_until.isoformat(),
        "status": row.status.value,
    }


@router.get("/api/attachments/{attachment}", tags=["files"], response_class=FileResponse)
def download_attachment(
    portal: PortalDep, contact: CurrentContact, session: ReadDep, attachment: Numeric
) -> Response:
    """An attachment, as a download under a safe name (never shown inline)."""
    grant = attachment_file(
        session, actor=contact.actor, attachment=attachment, home=portal.settings.home
    )
    contact.identity.check_reach(grant.directive, grant.task)
    return FileResponse(
        grant.path,
        media_type=grant.media_type,
        filename=grant.name,
        content_disposition_type="attachment",
    )
