"""Documents: the consolidated report (Markdown and Word) and the urging letter (Word).

Pure library: no Prefect, no store. Inputs are frozen dataclasses (:mod:`.model`,
:class:`~directive_flow.report.letter.UrgingLetterInput`).
"""

from __future__ import annotations

from directive_flow.report.docx import render_docx
from directive_flow.report.letter import Signature, UrgingLetterInput, render_urging_letter
from directive_flow.report.markdown import render_markdown
from directive_flow.report.model import (
    STATUS_LABELS,
    ConsolidatingTask,
    DirectiveRef,
    FieldSpec,
    Figure,
    Missing,
    ReportInput,
    ReportPeriod,
    StatusRow,
)

__all__ = [
    "STATUS_LABELS",
    "ConsolidatingTask",
    "DirectiveRef",
    "FieldSpec",
    "Figure",
    "Missing",
    "ReportInput",
    "ReportPeriod",
    "Signature",
    "StatusRow",
    "UrgingLetterInput",
    "render_docx",
    "render_markdown",
    "render_urging_letter",
]
