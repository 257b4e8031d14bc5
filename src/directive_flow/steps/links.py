"""Signed deep links to one task, for the reminder e-mails.

``task_link`` makes ``<portal>/links/<token>``: the token carries the directive, the task
key, its agency and an expiry date, signed with the portal's key (:mod:`.signing`).
The link expires ``LINK_GRACE_WORKING_DAYS`` working days after the task's deadline on
the directive's calendar, and never sooner than that many working days after it was made:
an overdue reminder or an escalation sent weeks after the deadline opens its task too
(``NO_DEADLINE_DAYS`` days after it was made when the task has no deadline). ``verify_task_link`` checks it; the portal then opens a session limited
to that agency and that task. Nothing is stored: a link is valid until it expires, for
anyone who has the e-mail it came in, which is what a reminder already is.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from directive_flow.calendar import WorkCalendar
from directive_flow.errors import ForbiddenError, NotFoundError
from directive_flow.settings import Settings, get_settings
from directive_flow.steps.common import local_today
from directive_flow.steps.lookup import find_directive, find_task
from directive_flow.steps.signing import sign, signing_key, verify
from directive_flow.steps.tasklist import calendar_of
from directive_flow.store.tables import TaskRow

__all__ = [
    "LINK_GRACE_WORKING_DAYS",
    "NO_DEADLINE_DAYS",
    "TaskGrant",
    "expires_on",
    "link_expiry",
    "signed_link",
    "task_link",
    "verify_task_link",
]

LINK_GRACE_WORKING_DAYS = 10
NO_DEADLINE_DAYS = 30
_PURPOSE = "task-link"


@dataclass(frozen=True)
class TaskGrant:
    """What a valid link opens: one task of one agency, until ``expires`` (inclusive)."""

    directive: str
    task: str
    agency: str
    expires: date


def expires_on(calendar: WorkCalendar, due: date | None, made: date) -> date:
    """The last day a link made on ``made`` to a task due ``due`` works (see the module)."""
    if due is None:
        return made + timedelta(days=NO_DEADLINE_DAYS)
    return calendar.add_working_days(max(due, made), LINK_GRACE_WORKING_DAYS)


def link_expiry(session: Session, row: TaskRow, *, today: date) -> date:
    """The last day a link to ``row`` made ``today`` works."""
    calendar = calendar_of(find_directive(session, directive=row.directive_id))
    return expires_on(calendar, row.due, today)


def task_link(
    session: Session,
    *,
    directive: str,
    task: str,
    settings: Settings | None = None,
    today: date | None = None,
) -> str:
    """The signed deep link to ``task`` of ``directive``, for its agency's reminders."""
    config = settings or get_settings()
    row = find_task(session, directive=directive, task=task)
    expires = link_expiry(session, row, today=today or local_today())
    grant = TaskGrant(row.directive_id, row.key, row.agency, expires)
    return signed_link(signing_key(session, config), config.portal_url, grant)


def signed_link(key: bytes, portal_url: str, grant: TaskGrant) -> str:
    """The link that opens ``grant``, signed with ``key`` (for callers making many at once)."""
    payload = "\n".join((grant.directive, grant.task, grant.agency, grant.expires.isoformat()))
    encoded = base64.urlsafe_b64encode(payload.encode()).rstrip(b"=").decode()
    return f"{portal_url.rstrip('/')}/links/{encoded}.{sign(key, _PURPOSE, payload)}"


def verify_task_link(
    session: Session, token: str, *, settings: Settings | None = None, today: date | None = None
) -> TaskGrant:
    """The grant of a link's token; ``ForbiddenError`` when forged, expired or stale."""
    payload = _payload(token)
    signature = token.partition(".")[2]
    if payload is None or not verify(
        signing_key(session, settings or get_settings()), _PURPOSE, payload, signature
    ):
        raise ForbiddenError("this link is not one the portal made")
    directive, key, agency, until = payload.split("\n")
    expires = date.fromisoformat(until)
    if (today or local_today()) > expires:
        raise ForbiddenError(f"this link expired on {expires.strftime('%d/%m/%Y')}")
    try:
        row = find_task(session, directive=directive, task=key)
    except NotFoundError:
        raise ForbiddenError("the task of this link no longer exists") from None
    if row.agency != agency or row.cancelled:
        raise ForbiddenError("the task of this link is no longer this agency's")
    return TaskGrant(directive, key, agency, expires)


def _payload(token: str) -> str | None:
    """The signed text of a token, if it has the token's shape."""
    encoded, dot, _ = token.partition(".")
    if not dot or len(token) > 1000:
        return None
    try:
        text = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
        parts = text.split("\n")
        date.fromisoformat(parts[-1])
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return text if len(parts) == 4 else None
