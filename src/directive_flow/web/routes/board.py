"""Directives' boards: four-way counts per agency, progress, overdue, timeline, downloads.

Readers are the issuing office, the agencies holding a task in the directive, and
operators (:mod:`directive_flow.steps.audience`); reports and letters go to those who
may have them. The consolidating agency may build its report here, through the same
``consolidate`` step as the flow.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from directive_flow.errors import RefusedError
from directive_flow.steps.board import Board, board, directive_status
from directive_flow.steps.common import local_today
from directive_flow.steps.directory import (
    MAX_PER_PAGE,
    PER_PAGE,
    QUERY_LIMIT,
    DirectoryPage,
    Scope,
    directory,
)
from directive_flow.steps.downloads import FileGrant, build_report, letter_file, report_file
from directive_flow.store.db import session_scope
from directive_flow.web.deps import (
    CsrfFullContact,
    FormDep,
    FullContact,
    PortalDep,
    ReadDep,
    SignedIn,
)
from directive_flow.web.forms import text_of
from directive_flow.web.render import page
from directive_flow.web.routes.paths import DirectiveId, Numeric
from directive_flow.web.timeline import layout

__all__ = ["ReportBody", "router"]

router = APIRouter()
Kind = Annotated[Literal["docx", "md"], Path(description="docx (Word) or md (Markdown)")]


class ReportBody(BaseModel):
    """``POST /api/directives/{directive}/reports``."""

    task: str
    partial: bool = False


def _board(session: Session, contact: SignedIn, directive: str) -> Board:
    return board(session, actor=contact.actor, directive=directive, as_of=local_today())


@router.get("/directives", include_in_schema=False)
def directives_page(
    request: Request, portal: PortalDep, contact: FullContact, session: ReadDep
) -> Response:
    """The directives the caller may follow, a page at a time: live ones unless asked for
    all, searched by number or title. A query string a hand mistyped is read leniently."""
    asked = request.query_params
    scope: Scope = "all" if asked.get("scope") == "all" else "live"
    number = asked.get("page", "1")
    listed = directory(
        session,
        contact.actor,
        as_of=local_today(),
        scope=scope,
        query=asked.get("q", ""),
        page=int(number) if number.isdecimal() and len(number) < 7 else 1,
    )
    return page(request, portal, "directives.html", {"list": listed, **_links(listed)})


def _links(listed: DirectoryPage) -> dict[str, str | None]:
    """The addresses of the neighbouring pages and of the two scopes, the query kept."""

    def at(scope: Scope, number: int) -> str:
        asked = {"scope": scope, "q": listed.query, "page": number}
        return "/directives?" + urlencode({k: v for k, v in asked.items() if v not in ("", 1)})

    return {
        "previous": at(listed.scope, listed.page - 1) if listed.page > 1 else None,
        "next": at(listed.scope, listed.page + 1) if listed.page < listed.pages else None,
        "live": at("live", 1),
        "all": at("all", 1),
    }


@router.get("/api/directives", tags=["boards"])
def api_directives(
    contact: FullContact,
    session: ReadDep,
    scope: Annotated[Scope, Query(description="live (default) or all, ended ones too")] = "live",
    q: Annotated[str, Query(max_length=QUERY_LIMIT, description="words of a number or title")] = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
) -> dict[str, Any]:
    """The directives the caller may follow, newest first, a page at a time: live ones
    (an open task, or work due or done within 90 days) unless ``scope=all``."""
    listed = directory(
        session, contact.actor, as_of=local_today(), scope=scope, query=q, page=page,
        per_page=per_page,
    )  # fmt: skip
    return listed.to_json()


@router.get("/directives/{directive}", include_in_schema=False)
def board_page(
    request: Request,
    portal: PortalDep,
    contact: FullContact,
    session: ReadDep,
    directive: DirectiveId,
) -> Response:
    """A directive's board."""
    view = _board(session, contact, directive)
    return page(request, portal, "board.html", {"board": view, "timeline": layout(view)})


@router.get("/api/directives/{directive}", tags=["boards"])
def api_board(contact: FullContact, session: ReadDep, directive: DirectiveId) -> dict[str, Any]:
    """A directive's board: counts, progress, overdue tasks, timeline, files."""
    return _board(session, contact, directive).to_json()


@router.get("/api/directives/{directive}/status", tags=["boards"])
def api_status(contact: FullContact, session: ReadDep, directive: DirectiveId) -> dict[str, Any]:
    """The four-way counts per agency today (``status --format json``'s shape)."""
    report = directive_status(
        session, actor=contact.actor, directive=directive, as_of=local_today()
    )
    return report.to_json()


@router.get("/directives/{directive}/timeline.svg", include_in_schema=False)
def timeline_svg(
    request: Request,
    portal: PortalDep,
    contact: FullContact,
    session: ReadDep,
    directive: DirectiveId,
) -> Response:
    """The timeline alone, as an SVG file."""
    view = _board(session, contact, directive)
    context = {"view": {"board": view, "timeline": layout(view)}}
    return portal.templates.TemplateResponse(
        request, "timeline.svg", context, media_type="image/svg+xml"
    )


def _file(grant: FileGrant) -> Response:
    return FileResponse(
        grant.path,
        media_type=grant.media_type,
        filename=grant.name,
        content_disposition_type="attachment",
    )


@router.get("/api/reports/{report}/{kind}", tags=["files"], response_class=FileResponse)
def download_report(
    contact: FullContact, session: ReadDep, report: Numeric, kind: Kind
) -> Response:
    """A consolidated report, Word or Markdown, as a download."""
    return _file(report_file(session, actor=contact.actor, report=report, kind=kind))


@router.get("/api/letters/{letter}", tags=["files"], response_class=FileResponse)
def download_letter(
    portal: PortalDep, contact: FullContact, session: ReadDep, letter: Numeric
) -> Response:
    """An urging letter (Word) an escalation carried."""
    grant = letter_file(session, actor=contact.actor, letter=letter, home=portal.settings.home)
    return _file(grant)


@router.post("/api/directives/{directive}/reports", status_code=201, tags=["boards"])
def api_build_report(
    portal: PortalDep, contact: CsrfFullContact, directive: DirectiveId, body: ReportBody
) -> dict[str, Any]:
    """Build the consolidated report of a consolidating task (its agency or an operator)."""
    built = build_report(
        portal.engine,
        actor=contact.actor,
        directive=directive,
        task=body.task,
        home=portal.settings.home,
        partial=body.partial,
    )
    return {"report": built.report_id, "partial": built.partial, "missing": len(built.missing)}


@router.post("/directives/{directive}/reports", include_in_schema=False)
def build_report_form(
    request: Request,
    portal: PortalDep,
    contact: CsrfFullContact,
    form: FormDep,
    directive: DirectiveId,
) -> Response:
    """The board's button; a refusal shows the board with the reason."""
    try:
        build_report(
            portal.engine,
            actor=contact.actor,
            directive=directive,
            task=text_of(form, "task"),
            home=portal.settings.home,
            partial=text_of(form, "partial") == "yes",
        )
    except RefusedError as exc:
        with session_scope(portal.engine) as session:
            view = _board(session, contact, directive)
        context = {"board": view, "timeline": layout(view), "problems": [str(exc)]}
        return page(request, portal, "board.html", context, status=422)
    return RedirectResponse(f"/directives/{directive}?report=1", status_code=303)
