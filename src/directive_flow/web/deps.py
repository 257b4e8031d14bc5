"""The routes' dependencies, as ``Annotated`` types: a signature says who may call it.

- ``PortalDep``: the running portal (settings, engine, templates, key);
- ``SessionDep``: one transaction around the route (committed before the response);
- ``ReadDep``: one read-only transaction around a route that only reads (on SQLite it
  never takes the write lock, so readers never queue behind each other or a writer);
- ``CurrentContact``: anyone signed in, a deep-link session included (else 401);
- ``FullContact``: signed in with an e-mail link, not limited to one task (else 403);
- ``OperatorContact``: a configured operator (else 403);
- ``CsrfContact``: ``CurrentContact`` whose state-changing request carries the session's
  CSRF token (header ``X-CSRF-Token``, or the form's ``csrf_token`` field; else 403);
- ``CsrfFullContact``, ``CsrfOperator``: the same for the stronger rights;
- the task page's two forms (handing in, asking for time) take ``CurrentContact`` and
  check the token themselves (:func:`form_token_ok`): a form sent from a page whose
  session has changed since (signed in again in another tab) comes back, nothing
  written, with every value kept and a fresh token, instead of a bare 403;
- ``FormDep``: the request's form, parsed within the portal's limits.

The rights on directives and tasks are not here: the steps check them.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from directive_flow.domain import Actor
from directive_flow.steps.common import utc_now
from directive_flow.steps.identity import Identity, resume, touch
from directive_flow.steps.signing import sign, verify
from directive_flow.store.db import read_scope, session_scope
from directive_flow.web.state import Portal

__all__ = [
    "CsrfContact",
    "CsrfFullContact",
    "CsrfOperator",
    "CurrentContact",
    "FormDep",
    "FullContact",
    "OperatorContact",
    "PortalDep",
    "ReadDep",
    "SessionDep",
    "SignedIn",
    "client_address",
    "cookie_name",
    "form_token_ok",
    "seal",
    "signed_in",
]

COOKIE = "df_session"
MAX_FORM_FILES = 20
MAX_FORM_FIELDS = 600
MAX_FIELD_BYTES = 64 * 1024


def portal_of(request: Request) -> Portal:
    """The running portal."""
    portal: Portal = request.app.state.portal
    return portal


PortalDep = Annotated[Portal, Depends(portal_of)]


def get_session(portal: PortalDep) -> Iterator[Session]:
    """A transaction for the route; ``scope="function"``: committed before the response."""
    with session_scope(portal.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_reader(portal: PortalDep) -> Iterator[Session]:
    """A read-only transaction for a route that only reads; a write in it fails."""
    with read_scope(portal.engine) as session:
        yield session


ReadDep = Annotated[Session, Depends(get_reader, scope="function")]


def client_address(request: Request) -> str | None:
    """The client's address (the proxy's view when uvicorn trusts its headers)."""
    return request.client.host[:64] if request.client else None


def cookie_name(portal: Portal) -> str:
    """``__Host-df_session`` behind HTTPS (Secure, path /, no domain), else ``df_session``."""
    return f"__Host-{COOKIE}" if portal.https else COOKIE


def seal(portal: Portal, token: str) -> str:
    """The cookie value: the session token and its signature."""
    return f"{token}.{sign(portal.key, 'session', token)}"


@dataclass(frozen=True)
class SignedIn:
    """The person behind a request: their session, its CSRF token, their address."""

    identity: Identity
    csrf: str
    address: str | None

    @property
    def actor(self) -> Actor:
        """The actor the steps see."""
        return self.identity.actor(self.address)


def signed_in(request: Request, portal: Portal) -> SignedIn | None:
    """The request's live session, if its cookie carries one (read once per request)."""
    if hasattr(request.state, "signed_in"):
        found: SignedIn | None = request.state.signed_in
        return found
    token, _, signature = request.cookies.get(cookie_name(portal), "").rpartition(".")
    found = None
    if token and verify(portal.key, "session", token, signature):
        now = utc_now()
        with read_scope(portal.engine) as session:  # most requests only read their session
            resumed = resume(session, token=token, operators=portal.operators, now=now)
        if resumed is not None:
            if resumed.stale:  # at most once a minute per session
                with session_scope(portal.engine) as session:
                    touch(session, session_id=resumed.identity.session_id, now=now)
            csrf = sign(portal.key, "csrf", token)
            found = SignedIn(resumed.identity, csrf, client_address(request))
    request.state.signed_in = found
    return found


def current_contact(request: Request, portal: PortalDep) -> SignedIn:
    """Anyone signed in; 401 otherwise (pages redirect to the sign-in form)."""
    found = signed_in(request, portal)
    if found is None:
        raise HTTPException(401, "sign in first (POST /sign-in with your e-mail address)")
    return found


CurrentContact = Annotated[SignedIn, Depends(current_contact)]


def full_contact(contact: CurrentContact) -> SignedIn:
    """Signed in with an e-mail link; a deep-link session (one task) is refused."""
    if contact.identity.limited:
        raise HTTPException(403, "this session opens one task only; sign in with your e-mail")
    return contact


FullContact = Annotated[SignedIn, Depends(full_contact)]


def operator_contact(contact: FullContact) -> SignedIn:
    """A configured operator (``DIRECTIVE_FLOW_OPERATORS``)."""
    if not contact.identity.operator:
        raise HTTPException(403, "operators only")
    return contact


OperatorContact = Annotated[SignedIn, Depends(operator_contact)]


async def parsed_form(request: Request) -> FormData:
    """The request's form (URL-encoded or multipart), within the portal's limits; parsed
    once per request (Starlette keeps it)."""
    return await request.form(
        max_files=MAX_FORM_FILES, max_fields=MAX_FORM_FIELDS, max_part_size=MAX_FIELD_BYTES
    )


async def read_form(request: Request) -> AsyncIterator[FormData]:
    """The form for the route; its uploaded files are closed once the response is sent."""
    form = await parsed_form(request)
    try:
        yield form
    finally:
        await form.close()


FormDep = Annotated[FormData, Depends(read_form)]


async def csrf_checked(request: Request, contact: CurrentContact) -> SignedIn:
    """``contact``, once the request carries the session's CSRF token."""
    sent = request.headers.get("x-csrf-token")
    kind = request.headers.get("content-type", "")
    if sent is None and kind.startswith(("application/x-www-form-urlencoded", "multipart/")):
        field = (await parsed_form(request)).get("csrf_token")
        sent = field if isinstance(field, str) else None
    if not sent or not verify_csrf(contact, sent):
        raise HTTPException(403, "missing or wrong CSRF token (X-CSRF-Token, or csrf_token)")
    return contact


def verify_csrf(contact: SignedIn, sent: str) -> bool:
    """Constant-time comparison with the session's token."""
    return hmac.compare_digest(contact.csrf.encode(), sent.encode("utf-8", "replace"))


CsrfContact = Annotated[SignedIn, Depends(csrf_checked)]


def form_token_ok(request: Request, contact: SignedIn, form: FormData) -> bool:
    """Whether the request carries the session's CSRF token (header or form field)."""
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        field = form.get("csrf_token")
        sent = field if isinstance(field, str) else None
    return bool(sent) and verify_csrf(contact, sent or "")


def full_csrf(contact: CsrfContact) -> SignedIn:
    """A full session whose request carries its CSRF token."""
    return full_contact(contact)


CsrfFullContact = Annotated[SignedIn, Depends(full_csrf)]


def operator_csrf(contact: CsrfFullContact) -> SignedIn:
    """An operator whose request carries the CSRF token."""
    return operator_contact(contact)


CsrfOperator = Annotated[SignedIn, Depends(operator_csrf)]
