"""Directives' boards: four-way counts per agency, progress, overdue, timeline, downloads.

Readers are the issuing office, the agencies holding a task in the directive, and
operators (:mod:`directive_flow.steps.audience`); reports and letters go to those who
may have them. The consolidating agency may build its report here, through the same
``consolidate`` step as the flow.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from directive_flow.errors import RefusedError
from directive_flow.steps.audience import visible_directives
from directive_flow.steps.board import Board, board, directive_status
from directive_flow.steps.common import local_today
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
    """The directives the caller may follow."""
    rows = visible_directives(session, contact.actor)
    return page(request, portal, "directives.html", {"directives": rows})


@router.get("/api/directives", tags=["boards"])
def api_directives(contact: FullContact, session: ReadDep) -> dict[str, Any]:
    """The directives the caller may follow: id, number, title, issuer."""
    rows = visible_directives(session, contact.actor)
    return {
        "directives": [
            {"id": r.id, "number": r.number, "title": r.title, "issuer": r.issuer} for r in rows
        ]
    }


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
