"""The directives a reader may follow, a page at a time: live ones first, history on demand.

A province registers ~1,500 directives a year and keeps them for ten; nobody reads 15,000
lines to find the one that matters today. By default the list holds the **live**
directives (``steps.status``'s sense: an open task, or one due or completed within
``ARCHIVE_AFTER_DAYS``; never a historical example), newest first; ``scope="all"`` adds
the ended and historical ones. ``query`` keeps the directives whose number, title or id
hold every word typed, accents, case and punctuation aside ("bao cao 975" finds
"Báo cáo ... 975/TB-VP"). Who may read which directive is :mod:`.audience`'s rule.

The live list is read whole (its ids come from the live-work indexes: a province's few
thousand, whatever the years behind them) and cut in Python. The whole list without a
query is counted and cut by the database (``LIMIT``/``OFFSET``), so its cost follows the
page, not the years. A query reads the id, number and title of every candidate (the live
ones, or all the reader may see) and matches them in Python: there is no
accent-insensitive match both databases share. Each directive's text is folded once
per process and kept, so a search over every directive costs reading their rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from directive_flow.definition.agencies import fold
from directive_flow.domain import Actor
from directive_flow.steps.audience import sees_directive
from directive_flow.steps.common import iso
from directive_flow.steps.status import CHUNK, live_directive_ids
from directive_flow.store.tables import DirectiveRow

__all__ = [
    "MAX_PER_PAGE",
    "PER_PAGE",
    "QUERY_LIMIT",
    "DirectoryPage",
    "Entry",
    "Scope",
    "directory",
]

Scope = Literal["live", "all"]
PER_PAGE = 50
MAX_PER_PAGE = 200
QUERY_LIMIT = 200  # characters of a query kept: a title's words, not a document
_ROW = (
    DirectiveRow.id,
    DirectiveRow.number,
    DirectiveRow.title,
    DirectiveRow.issuer,
    DirectiveRow.issued,
    DirectiveRow.historical,
)


@dataclass(frozen=True)
class Entry:
    """One line of the list."""

    id: str
    number: str
    title: str
    issuer: str
    issued: date | None
    historical: bool
    live: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "title": self.title,
            "issuer": self.issuer,
            "issued": iso(self.issued),
            "historical": self.historical,
            "live": self.live,
        }


@dataclass(frozen=True)
class DirectoryPage:
    """One page of the list, and where it stands among the others."""

    entries: tuple[Entry, ...]
    scope: Scope
    query: str
    page: int  # 1-based; a page past the last is the last
    per_page: int
    total: int  # entries on every page together

    @property
    def pages(self) -> int:
        return _last_page(self.total, self.per_page)

    def to_json(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "q": self.query,
            "page": self.page,
            "pages": self.pages,
            "per_page": self.per_page,
            "total": self.total,
            "directives": [e.to_json() for e in self.entries],
        }


def directory(
    session: Session,
    actor: Actor,
    *,
    as_of: date,
    scope: Scope = "live",
    query: str = "",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> DirectoryPage:
    """The ``page``-th page of the directives ``actor`` may follow (see the module)."""
    query = " ".join(query[:QUERY_LIMIT].split())
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    words = fold(query).split()
    if not (actor.operator or actor.agency):
        return DirectoryPage((), scope, query, 1, per_page, 0)
    live = set(live_directive_ids(session, as_of))
    seen = sees_directive(actor)
    if scope == "live" or words:
        rows = _candidates(session, seen, live if scope == "live" else None)
        rows = [r for r in rows if _matches(r, words)]
        rows.sort(key=_newest_first)
        total = len(rows)
        page = _clamped(page, total, per_page)
        chosen = rows[(page - 1) * per_page : page * per_page]
    else:  # every directive, no query: the database counts and cuts the page
        total = session.scalar(select(func.count()).select_from(DirectiveRow).where(seen)) or 0
        page = _clamped(page, total, per_page)
        undated = DirectiveRow.issued.is_(None)  # _newest_first, in SQL
        newest = (undated, DirectiveRow.issued.desc(), DirectiveRow.id)
        cut = select(*_ROW).where(seen).order_by(*newest)
        chosen = list(session.execute(cut.limit(per_page).offset((page - 1) * per_page)))
    entries = tuple(_entry(row, row.id in live) for row in chosen)
    return DirectoryPage(entries, scope, query, page, per_page, total)


def _candidates(session: Session, seen: ColumnElement[bool], among: set[str] | None) -> list[Any]:
    """The rows the reader may see: among ``among`` (in chunks of bound ids), or all."""
    if among is None:
        return list(session.execute(select(*_ROW).where(seen)))
    ids = sorted(among)
    rows: list[Any] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows += session.execute(select(*_ROW).where(DirectiveRow.id.in_(chunk), seen))
    return rows


def _matches(row: Any, words: Sequence[str]) -> bool:
    """Every word of the query in the row's number, title or id (folded)."""
    if not words:
        return True
    haystack = _folded(row.id, row.number, row.title)
    return all(word in haystack for word in words)


_FOLDED: dict[tuple[str, str, str], str] = {}
_FOLDED_LIMIT = 200_000  # a nation's directives; then start again


def _folded(ident: str, number: str, title: str) -> str:
    """The text a query matches, folded once per directive (and per title it has had) and
    kept: folding is what a search over ten years of titles spends its time on."""
    key = (ident, number, title)
    found = _FOLDED.get(key)
    if found is None:
        if len(_FOLDED) >= _FOLDED_LIMIT:
            _FOLDED.clear()
        found = _FOLDED[key] = f" {fold(f'{number} {title} {ident}')} "
    return found


def _newest_first(row: Any) -> tuple[bool, int, str]:
    """Issued newest first, undated last, then by id."""
    issued = row.issued.toordinal() if row.issued is not None else 0
    return (row.issued is None, -issued, row.id)


def _entry(row: Any, live: bool) -> Entry:
    return Entry(row.id, row.number, row.title, row.issuer, row.issued, row.historical, live)


def _clamped(page: int, total: int, per_page: int) -> int:
    """``page`` within 1 .. the last page."""
    return min(max(page, 1), _last_page(total, per_page))


def _last_page(total: int, per_page: int) -> int:
    """The number of pages ``total`` entries fill (one, when there are none)."""
    return max(1, math.ceil(total / per_page))
