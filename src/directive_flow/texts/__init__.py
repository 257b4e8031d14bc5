"""Texts: every sentence a person reads, in Jinja2 templates an office can edit.

Reminders and escalations (``reminder.txt.j2``), the urging letter (``letter.j2``), the
consolidated report's wording (``report.j2``), the dashboards (``dashboard.md.j2``) and
the inbox's refusal note (``inbox-refusal.txt.j2``) live under ``texts/templates/``; the
code only decides which sentence applies and fills in the facts. Changing a sentence
means editing a template, never the code; a test renders every one of them.

Two environments: plain text (e-mail bodies, Word paragraphs) and Markdown (dashboards,
reports): in the Markdown one, every value a template prints is escaped
(:func:`~directive_flow.texts.formats.markdown_text`), so a submitted ``[x](javascript:…)``,
``![](http://…)`` or ``<img onerror=…>`` shows as text. Undefined names are errors.
Jinja2 is imported when the first template is rendered, not with the package.

What the library words in English is put into Vietnamese by pattern tables (fullmatch
pattern -> Vietnamese template; :mod:`~directive_flow.texts.patterns` holds what they
share): the steps' refusals and the command line's errors in
:mod:`~directive_flow.texts.refusals`, the problems of definition files in
:mod:`~directive_flow.texts.definitions`, argparse's usage errors in
:mod:`~directive_flow.texts.arguments`.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from directive_flow.texts.formats import (
    MarkdownSafe,
    format_number,
    markdown_text,
    one_line,
    vn_date,
    xml_text,
)

if _TYPE_CHECKING:
    import jinja2 as _jinja2

__all__ = [
    "MarkdownSafe",
    "format_number",
    "macros",
    "markdown_text",
    "one_line",
    "render",
    "render_markdown",
    "template_names",
    "vn_date",
    "xml_text",
]


def render(name: str, /, **context: _Any) -> str:
    """The plain-text template ``name`` filled with ``context``."""
    return _environment(markdown=False).get_template(name).render(**context)


def render_markdown(name: str, /, **context: _Any) -> str:
    """The Markdown template ``name``, every printed value escaped."""
    return _environment(markdown=True).get_template(name).render(**context)


def macros(name: str) -> _Any:
    """The macros of template ``name``, called from code: ``macros("report.j2").title(...)``."""
    return _environment(markdown=False).get_template(name).module


def template_names() -> list[str]:
    """Every template shipped."""
    return sorted(_environment(markdown=False).list_templates(extensions=["j2"]))


@functools.cache
def _environment(*, markdown: bool) -> _jinja2.Environment:
    import jinja2 as _jinja2  # on first use: a command that prints no template pays nothing

    environment = _jinja2.Environment(
        loader=_jinja2.PackageLoader("directive_flow.texts", "templates"),
        undefined=_jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=markdown_text if markdown else None,
    )
    environment.filters.update(
        vn_date=vn_date,
        number=format_number,
        one_line=one_line,
        md=markdown_text,
        safe_md=MarkdownSafe,
    )
    return environment
