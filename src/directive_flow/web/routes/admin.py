"""Operators' pages: the local mailbox (embedded mode) and ending a contact's sessions."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from directive_flow.errors import NotFoundError, RefusedError
from directive_flow.notify.mailbox import Letter, read_letter, read_mailbox
from directive_flow.steps.common import utc_now
from directive_flow.steps.identity import revoke_contact
from directive_flow.store.db import session_scope
from directive_flow.web.deps import CsrfOperator, FormDep, OperatorContact, PortalDep, SessionDep
from directive_flow.web.forms import text_of
from directive_flow.web.render import page
from directive_flow.web.state import Portal

__all__ = ["RevokeBody", "router"]

router = APIRouter()
LetterName = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="a message's file name")]


class RevokeBody(BaseModel):
    """``POST /api/contacts/revoke``."""

    email: str = Field(min_length=3, max_length=254)


def _letters(portal: Portal) -> list[Letter]:
    return read_mailbox(portal.settings.mailbox)


def _letter(portal: Portal, name: str) -> Letter:
    # The name is 32 hex digits (checked by the path): never a path someone chose.
    path = portal.settings.mailbox / f"{name}.eml"
    if not path.is_file():
        raise NotFoundError(f"no message {name} in the mailbox")
    return read_letter(path)


def _json(letter: Letter, *, body: bool) -> dict[str, Any]:
    shown = asdict(letter)
    shown["sent"] = letter.sent.isoformat() if letter.sent else None
    if not body:
        shown.pop("body")
    return shown


@router.get("/mailbox", include_in_schema=False)
def mailbox_page(request: Request, portal: PortalDep, contact: OperatorContact) -> Response:
    """The newest messages the portal and the flows wrote to the local mailbox."""
    view = {"letters": _letters(portal), "folder": str(portal.settings.mailbox), "open": None}
    return page(request, portal, "mailbox.html", view)


@router.get("/mailbox/{name}", include_in_schema=False)
def letter_page(
    request: Request, portal: PortalDep, contact: OperatorContact, name: LetterName
) -> Response:
    """One message, as sent."""
    view = {"letters": _letters(portal), "folder": str(portal.settings.mailbox)}
    return page(request, portal, "mailbox.html", view | {"open": _letter(portal, name)})


@router.get("/api/mailbox", tags=["operators"])
def api_mailbox(portal: PortalDep, contact: OperatorContact) -> dict[str, Any]:
    """The newest messages in the local mailbox (operators)."""
    return {"messages": [_json(x, body=False) for x in _letters(portal)]}


@router.get("/api/mailbox/{name}", tags=["operators"])
def api_letter(portal: PortalDep, contact: OperatorContact, name: LetterName) -> dict[str, Any]:
    """One message with its body (operators)."""
    return _json(_letter(portal, name), body=True)


@router.post("/api/contacts/revoke", tags=["operators"])
def api_revoke(contact: CsrfOperator, session: SessionDep, body: RevokeBody) -> dict[str, Any]:
    """End every session and unused sign-in link of a contact (operators)."""
    ended = revoke_contact(session, email=body.email, actor=contact.actor, now=utc_now())
    return {"email": body.email, "sessions_ended": ended}


@router.post("/contacts/revoke", include_in_schema=False)
def revoke_form(
    request: Request, portal: PortalDep, contact: CsrfOperator, form: FormDep
) -> Response:
    """The mailbox page's form."""
    email = text_of(form, "email")
    view: dict[str, Any] = {"letters": _letters(portal), "folder": str(portal.settings.mailbox)}
    try:
        with session_scope(portal.engine) as session:
            ended = revoke_contact(session, email=email, actor=contact.actor, now=utc_now())
    except RefusedError as exc:
        return page(
            request,
            portal,
            "mailbox.html",
            view | {"open": None, "problems": [str(exc)]},
            status=422,
        )
    notice = f"Đã chấm dứt {ended} phiên đăng nhập của {email}."
    return page(request, portal, "mailbox.html", view | {"open": None, "notice": notice})
