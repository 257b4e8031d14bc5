"""Settings read from the environment, built on first use (never at import time).

``DIRECTIVE_FLOW_HOME``          where the SQLite file and attachments live
                                 (default ``~/.directive-flow``)
``DIRECTIVE_FLOW_DATABASE_URL``  the store; default ``sqlite:///<home>/directive-flow.db``,
                                 or ``postgresql+psycopg://user@host/db`` for PostgreSQL
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict

HOME_ENV = "DIRECTIVE_FLOW_HOME"
DATABASE_URL_ENV = "DIRECTIVE_FLOW_DATABASE_URL"
DATABASE_FILE = "directive-flow.db"


class Settings(BaseModel):
    """Where directive-flow keeps its state."""

    model_config = ConfigDict(frozen=True)

    home: Path
    database_url: str

    @property
    def attachments(self) -> Path:
        """The content-addressed attachment store."""
        return self.home / "attachments"


def settings_from(env: Mapping[str, str]) -> Settings:
    """Settings from an environment mapping (``os.environ`` in production)."""
    home = Path(env.get(HOME_ENV) or Path.home() / ".directive-flow").expanduser()
    url = env.get(DATABASE_URL_ENV) or f"sqlite:///{home / DATABASE_FILE}"
    return Settings(home=home, database_url=url)


@functools.cache
def get_settings() -> Settings:
    """The process's settings, read from the environment once."""
    return settings_from(os.environ)


def clear_settings() -> None:
    """Forget the cached settings (tests change the environment between cases)."""
    get_settings.cache_clear()
