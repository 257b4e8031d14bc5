"""Settings read from the environment, built on first use (never at import time).

``DIRECTIVE_FLOW_HOME``          where the SQLite file and attachments live
                                 (default ``~/.directive-flow``)
``DIRECTIVE_FLOW_DATABASE_URL``  the store; default ``sqlite:///<home>/directive-flow.db``,
                                 or ``postgresql+psycopg://user@host/db`` for PostgreSQL
``DIRECTIVE_FLOW_SMTP_URL``      the outgoing mail server for plain addresses, as an Apprise
                                 URL: ``mailtos://user:pass@smtp.example.vn?from=a@b.vn``,
                                 or ``mailto://127.0.0.1:2525?from=a@b.vn&mode=insecure``
``DIRECTIVE_FLOW_REDIRECT_ALL_TO``  staging: every reminder goes to this one address or URL
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:  # notify pulls in Apprise: imported only when delivery settings are built
    from directive_flow.notify.channels import DeliverySettings

HOME_ENV = "DIRECTIVE_FLOW_HOME"
DATABASE_URL_ENV = "DIRECTIVE_FLOW_DATABASE_URL"
DATABASE_FILE = "directive-flow.db"
SMTP_URL_ENV = "DIRECTIVE_FLOW_SMTP_URL"
REDIRECT_ALL_TO_ENV = "DIRECTIVE_FLOW_REDIRECT_ALL_TO"


class Settings(BaseModel):
    """Where directive-flow keeps its state."""

    model_config = ConfigDict(frozen=True)

    home: Path
    database_url: str
    smtp_url: str | None = Field(None, repr=False)  # may hold the SMTP password
    redirect_all_to: str | None = None

    @property
    def attachments(self) -> Path:
        """The content-addressed attachment store."""
        return self.home / "attachments"

    def delivery_settings(self) -> DeliverySettings:
        """How reminders leave: the SMTP server and the staging redirect."""
        from directive_flow.notify.channels import DeliverySettings

        return DeliverySettings.model_validate(
            {"smtp_url": self.smtp_url, "redirect_all_to": self.redirect_all_to}
        )


def settings_from(env: Mapping[str, str]) -> Settings:
    """Settings from an environment mapping (``os.environ`` in production)."""
    home = Path(env.get(HOME_ENV) or Path.home() / ".directive-flow").expanduser()
    url = env.get(DATABASE_URL_ENV) or f"sqlite:///{home / DATABASE_FILE}"
    return Settings(
        home=home,
        database_url=url,
        smtp_url=env.get(SMTP_URL_ENV) or None,
        redirect_all_to=env.get(REDIRECT_ALL_TO_ENV) or None,
    )


@functools.cache
def get_settings() -> Settings:
    """The process's settings, read from the environment once."""
    return settings_from(os.environ)


def clear_settings() -> None:
    """Forget the cached settings (tests change the environment between cases)."""
    get_settings.cache_clear()
