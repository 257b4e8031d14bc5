"""What one running portal holds: its settings, the store's engine, templates, the key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

from directive_flow.notify import DeliverySettings
from directive_flow.settings import Settings
from directive_flow.steps.signing import signing_key
from directive_flow.store.db import open_store, session_scope

__all__ = ["TEMPLATES", "Portal", "public_origin"]

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Portal:
    """The portal's parts, built once when the app starts (``app.state.portal``)."""

    settings: Settings
    engine: Engine
    templates: Jinja2Templates
    key: bytes

    @classmethod
    def start(cls, settings: Settings, templates: Jinja2Templates) -> Portal:
        """Open the store and read (or generate, once) the signing key."""
        engine = open_store(settings.database_url)
        with session_scope(engine) as session:
            key = signing_key(session, settings)
        return cls(settings, engine, templates, key)

    @property
    def https(self) -> bool:
        """The public address is HTTPS: cookies are then ``Secure`` and ``__Host-``."""
        return urlsplit(self.settings.portal_url).scheme == "https"

    @property
    def origin(self) -> str:
        """``scheme://host[:port]`` of the public address."""
        return public_origin(self.settings)

    @property
    def delivery(self) -> DeliverySettings:
        """How the sign-in mail leaves (the local mailbox when no SMTP is configured)."""
        return DeliverySettings.from_settings(self.settings)

    @property
    def operators(self) -> frozenset[str]:
        """The configured operators' addresses."""
        return self.settings.operator_emails


def public_origin(settings: Settings) -> str:
    """``scheme://host[:port]`` of ``DIRECTIVE_FLOW_PORTAL_URL``."""
    parts = urlsplit(settings.portal_url)
    return f"{parts.scheme}://{parts.netloc}"
