"""Every Apprise service other than e-mail: webhooks (``json://``, ``xml://``, ``form://``),
chat and push services, each addressed by its Apprise URL.

The Message-ID goes along as an ``X-Message-ID`` HTTP header for services that send
headers, and as ``message_id`` in the ``json://`` payload, so a receiver can recognise a
resend exactly as an e-mail client would.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

import apprise

from directive_flow.notify.message import Message

__all__ = ["MESSAGE_ID_HEADER", "MESSAGE_ID_PAYLOAD_KEY", "instantiate", "send_to_service"]

MESSAGE_ID_HEADER = "X-Message-ID"
MESSAGE_ID_PAYLOAD_KEY = "message_id"


def send_to_service(url: str, message: Message, *, body: str, timeout: float) -> str | None:
    """Send through the Apprise service at ``url``; ``None`` when it took it, else why not."""
    plugin, complaint = instantiate(url)
    if plugin is None:
        return f"not a usable notification URL ({complaint})"
    _stamp(plugin, message)
    missing = [str(p) for p in message.attachments if not p.is_file()]
    if missing:
        return f"cannot read attachment {', '.join(missing)}"
    service = apprise.Apprise()
    service.add(plugin)
    result = service.notify(
        body=body,
        title=message.subject,
        body_format=apprise.NotifyFormat.TEXT,
        attach=[str(p) for p in message.attachments] or None,
        timeout=timeout,
    )
    return None if result else _lines(e.message for e in result.logs()) or result.status.name


def instantiate(url: str) -> tuple[Any, str]:
    """Apprise's plugin for ``url``, or ``None`` and what Apprise logged about it."""
    capture = apprise.LogCapture(level=logging.WARNING, fmt="%(message)s")  # type: ignore[no-untyped-call]
    with capture as log, warnings.catch_warnings():
        # Apprise loads its plugins on first use; its PGP helper imports the deprecated
        # ``imghdr`` (apprise 2.0.1), which would fail every caller running with -W error.
        warnings.filterwarnings("ignore", "'imghdr' is deprecated", DeprecationWarning)
        plugin = apprise.Apprise.instantiate(url)
    return plugin, _lines(str(log.getvalue())) or "unrecognised"


def _stamp(plugin: Any, message: Message) -> None:
    """Put the Message-ID where the service can carry it (plugin attributes are untyped)."""
    headers = getattr(plugin, "headers", None)
    if isinstance(headers, dict):
        headers[MESSAGE_ID_HEADER] = message.message_id
    extras = getattr(plugin, "payload_extras", None)
    if isinstance(extras, dict) and getattr(plugin, "protocol", None) == "json":
        extras[MESSAGE_ID_PAYLOAD_KEY] = message.message_id


def _lines(lines: Any) -> str:
    """Log lines joined into one line of text."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    return "; ".join(line.strip() for line in lines if line.strip())
