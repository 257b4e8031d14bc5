"""Pages and their JSON twins, from the same view data (Datasette's habit).

A route builds one view (a step's dataclass, or a small mapping around it) and hands it
to :func:`page` for HTML or returns its ``to_json()`` under ``/api``. Templates are
autoescaped; dates are shown the Vietnamese way (``31/07/2024``) in the offices' zone.
Every printed text is made encodable (U+FFFD for a lone surrogate a row stored before the
text rules may hold): a page renders whatever is stored.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from directive_flow.domain import STATUS_LABELS, Status
from directive_flow.report.figures import format_number
from directive_flow.settings import Settings
from directive_flow.steps.common import local_zone
from directive_flow.texts.formats import encodable
from directive_flow.web.deps import signed_in
from directive_flow.web.state import TEMPLATES, Portal

__all__ = ["make_templates", "page"]

DELIVERABLES = {
    "report": "Báo cáo",
    "plan": "Kế hoạch",
    "data": "Số liệu",
    "event": "Sự kiện",
    "action": "Thực hiện",
}
FIELD_TYPES = {
    "integer": "số nguyên",
    "number": "số",
    "percent": "tỉ lệ %",
    "text": "văn bản",
    "boolean": "có / không",
    "date": "ngày",
}


def make_templates(settings: Settings) -> Jinja2Templates:
    """The portal's Jinja2 templates, autoescaped, with the Vietnamese filters; all read
    once, at start: a process renders the templates of its own release, never files an
    upgrade wrote beside its running code (that gave 500s), and never stats them again."""
    templates = Jinja2Templates(directory=TEMPLATES)
    env = templates.env
    env.auto_reload = False
    env.autoescape = True
    env.trim_blocks, env.lstrip_blocks = True, True
    env.finalize = _encodable
    env.filters.update(
        vn_date=vn_date, vn_moment=vn_moment, vn_number=vn_number, size=size, shown=shown
    )
    env.globals.update(
        STATUS_LABELS=STATUS_LABELS,
        Status=Status,
        DELIVERABLES=DELIVERABLES,
        FIELD_TYPES=FIELD_TYPES,
        portal_url=settings.portal_url,
        attachment_types=settings.attachment_suffixes,
    )
    for name in env.list_templates(extensions=("html", "txt", "svg")):
        env.get_template(name)
    return templates


def _encodable(value: Any) -> Any:
    """A printed value UTF-8 can encode, escaped as before (``Markup`` stays ``Markup``)."""
    if isinstance(value, Markup):
        return Markup(encodable(value))
    return encodable(value) if isinstance(value, str) else value


def page(
    request: Request, portal: Portal, template: str, view: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    """``template`` rendered with ``view``, the signed-in person and their CSRF token."""
    contact = signed_in(request, portal)
    context = {"view": view, "contact": contact, "csrf": contact.csrf if contact else ""}
    return portal.templates.TemplateResponse(request, template, context, status_code=status)


def vn_date(day: date | None) -> str:
    """``31/07/2024``; a dash for no date."""
    return day.strftime("%d/%m/%Y") if day else "—"


def vn_moment(at: datetime | None) -> str:
    """``31/07/2024 14:05`` in the offices' zone."""
    return at.astimezone(local_zone()).strftime("%d/%m/%Y %H:%M") if at else "—"


def vn_number(value: Any) -> str:
    """A figure the Vietnamese way (``1.250,5``); other values as text."""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int | float):
        return format_number(value)
    return shown(value)


def shown(value: Any) -> str:
    """A stored value for people: a dash for nothing."""
    return "—" if value is None or value == "" else str(value)


def size(n: int) -> str:
    """``1,5 MiB``, ``320 KiB``, ``12 B``."""
    for unit, scale in (("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}".replace(".", ",")
    return f"{n} B"
