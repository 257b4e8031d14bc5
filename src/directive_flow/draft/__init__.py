"""Notice text -> a draft directive definition that staff review and then register.

Stages, one module each: ``text`` (decode, clean, join broken lines, keep original line
numbers), ``clutter`` (a web page's menus, bylines, attachments), ``header`` (number,
kind, issuer, dates, title, signer, recipients) and ``prose`` (the same facts in a press
copy's sentences), ``tables`` (a task table as items), ``sections`` (outline and tasks) with ``clauses`` (prose cut into
assignments), ``owners`` and ``names`` (who), ``resolve`` (registry codes) and ``lexicon``
(the built-in names used without a registry),
``deadlines`` (due forms), ``dependencies`` (suppliers and consolidators), ``build`` and
``emit`` (the definition as YAML with comments, or JSON with confidences); ``compare``
diffs a draft against a reviewed definition.

Pure Python: no Prefect, no I/O beyond reading the registry's first line for its schema.
"""

from directive_flow.draft.notice import Draft, DraftError, draft_notice

__all__ = ["Draft", "DraftError", "draft_notice"]
