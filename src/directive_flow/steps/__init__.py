"""Steps: each thing that happens to the store, one module each, shared by every path.

The CLI, the Prefect flows and the portal call these and nothing else writes the store.
Every write records its :class:`~directive_flow.domain.Actor` in the audit log, and the
rights (:mod:`.rights`) are checked here, so no path can bypass them.

The rule for what a step takes: a step that changes one thing takes a ``Session`` and
the caller owns the transaction (``register``, ``submit``, ``review``, ``extend``,
``remind``'s queueing, ``status``); a step that handles many items, each in its own
transaction so that one bad item never stops the others, takes an ``Engine``
(``activate``, ``collect``, ``deliver``, ``open_period``), and so does ``consolidate``,
which writes its files before it commits.

The face lists the modules (each keeps its own names): importing this package imports
none of them, so a command pays only for the steps it uses.
"""

__all__ = [
    "activate",
    "audience",
    "board",
    "collect",
    "common",
    "compose",
    "consolidate",
    "dashboard",
    "deliver",
    "directory",
    "downloads",
    "extend",
    "fields",
    "health",
    "history",
    "identity",
    "inbox_folder",
    "inbox_words",
    "intake",
    "links",
    "lookup",
    "open_period",
    "outbox_status",
    "prefect_api",
    "ratelimit",
    "recipients",
    "register",
    "remind",
    "review",
    "reviewqueue",
    "rights",
    "schedule",
    "signing",
    "status",
    "submit",
    "tasklist",
    "taskview",
]
