"""Settings, read from the environment (``DIRECTIVE_FLOW_*``) on first use, never at import.

=================================  ==========================================================
variable                           meaning (default)
=================================  ==========================================================
``DIRECTIVE_FLOW_HOME``            the store's SQLite file, attachments, inbox, reports,
                                   letters, mailbox, logs (``~/.directive-flow``)
``DIRECTIVE_FLOW_DATABASE_URL``    the store (``sqlite:///<home>/directive-flow.db``), or
                                   ``postgresql+psycopg://user@host/db``
``DIRECTIVE_FLOW_SMTP_URL``        secret; how e-mail leaves, an Apprise URL:
                                   ``mailtos://user:pass@smtp.example.vn?from=a@b.vn``, or
                                   ``mailto://127.0.0.1:2525?from=a@b.vn&mode=insecure``;
                                   unset: e-mail goes to the local mailbox
                                   (``<home>/mailbox/*.eml``)
``DIRECTIVE_FLOW_REDIRECT_ALL_TO``  staging: every message goes to this one address or URL
``DIRECTIVE_FLOW_TIMEZONE``        the offices' time zone: days, schedules, reports
                                   (``Asia/Ho_Chi_Minh``)
``DIRECTIVE_FLOW_PORTAL_URL``      the portal's public address, for links in mail and
                                   artifacts (``http://127.0.0.1:8200``)
``DIRECTIVE_FLOW_SECRET_KEY``      secret; signs sessions and links (unset: generated once
                                   per home, kept in the store)
``DIRECTIVE_FLOW_OPERATORS``       e-mail addresses of the portal's operators, comma-separated
``DIRECTIVE_FLOW_INSTANCE``        this installation's name, the right part of every
                                   Message-ID (``<digest@INSTANCE>``): staging and
                                   production never send the same ID, one installation
                                   always does for one key (the portal URL's host name)
``DIRECTIVE_FLOW_ATTACHMENT_TYPES``  the attachment types accepted, extensions separated by
                                   commas or spaces, any case (``DEFAULT_ATTACHMENT_TYPES``;
                                   a program's type is refused: ``PROGRAM_TYPES``)
``DIRECTIVE_FLOW_ENV_FILE``        a file of ``NAME=value`` lines read first (a service's
                                   secrets kept out of its unit file)
=================================  ==========================================================

An empty variable counts as unset. :func:`reset` forgets every cache built from settings
(tests change the environment between cases).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from directive_flow.errors import SettingsError

__all__ = [
    "DEFAULT_ATTACHMENT_TYPES",
    "ENV_PREFIX",
    "PROGRAM_TYPES",
    "Settings",
    "get_settings",
    "on_reset",
    "reset",
    "settings_from",
]

ENV_PREFIX = "DIRECTIVE_FLOW_"
DATABASE_FILE = "directive-flow.db"
_INSTANCE = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")  # a Message-ID's dot-atom
_NO_INSTANCE = "directive-flow"  # when the portal URL has no usable host name
DEFAULT_ATTACHMENT_TYPES = (
    *("pdf", "doc", "docx", "odt", "rtf", "txt"),  # documents (a signed one is a signed PDF)
    *("xls", "xlsx", "ods", "csv"),  # sheets
    *("ppt", "pptx", "odp"),  # slides
    *("jpg", "jpeg", "png", "tif", "tiff"),  # scans and photos
    *("zip", "7z", "rar"),  # archives
)
"""What an agency may attach unless ``DIRECTIVE_FLOW_ATTACHMENT_TYPES`` says otherwise."""
PROGRAM_TYPES = frozenset({
    "exe", "com", "bat", "cmd", "scr", "pif", "msi", "msp", "msu", "mst", "dll", "ocx", "cpl",
    "sys", "chm", "hlp", "scf", "url", "msc", "sct", "shs", "lnk", "reg", "inf",  # Windows
    "ps1", "psm1", "psd1", "ps1xml", "psc1", "vb", "vbs", "vbe", "js", "jse", "mjs", "cjs",
    "ws", "wsc", "wsf", "wsh", "hta", "jar", "py", "pyw", "pl",  # scripts
    "appx", "msix", "appinstaller", "application", "gadget", "xll", "xbap",  # installers
    "iso", "img", "vhd", "vhdx",  # disk images Windows mounts, and runs what they hold
    "sh", "bash", "csh", "ksh", "zsh", "command", "run",  # Unix, macOS shells
    "app", "dmg", "pkg", "apk", "deb", "rpm",  # macOS, phones, Linux packages
    "html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "svg", "svgz",  # pages with scripts
})  # fmt: skip
"""Types that run or render as programs (Windows' blocked attachment types among them):
never accepted, even when listed. The content check knows none of them, so a name is all
that tells a script or an installer of these types from a document."""
_TYPE = re.compile(r"^[a-z0-9]{1,16}$")


class Settings(BaseSettings):
    """Where directive-flow keeps its state, how mail leaves, which clock it keeps."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_ignore_empty=True, extra="ignore", frozen=True
    )

    home: Path = Field(default_factory=lambda: Path.home() / ".directive-flow")
    database_url: str = ""
    smtp_url: SecretStr | None = None
    redirect_all_to: str | None = None
    timezone: str = "Asia/Ho_Chi_Minh"
    portal_url: str = "http://127.0.0.1:8200"
    secret_key: SecretStr | None = None
    operators: str = ""
    instance: str = ""
    attachment_types: str = ",".join(DEFAULT_ATTACHMENT_TYPES)

    @model_validator(mode="after")
    def _defaults(self) -> Settings:
        home = self.home.expanduser()
        object.__setattr__(self, "home", home)
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{home / DATABASE_FILE}")
        if not self.instance:
            host = (urlsplit(self.portal_url).hostname or "").lower()
            object.__setattr__(self, "instance", host if _INSTANCE.match(host) else _NO_INSTANCE)
        return self

    @field_validator("instance")
    @classmethod
    def _host_like(cls, value: str) -> str:
        if value and not _INSTANCE.match(value):
            raise ValueError(
                f"{value!r} is not a host name (lowercase letters, digits, dots and hyphens, "
                "e.g. nhacviec.kontum.gov.vn)"
            )
        return value

    @field_validator("attachment_types")
    @classmethod
    def _types(cls, value: str) -> str:
        types = [t.lower().removeprefix(".") for t in re.split(r"[\s,;]+", value) if t]
        if bad := [t for t in types if not _TYPE.match(t)]:
            raise ValueError(f"{bad[0]!r} is not a file type (letters and digits, e.g. pdf,docx)")
        if programs := sorted(PROGRAM_TYPES.intersection(types)):
            raise ValueError(f"{', '.join(programs)}: a program's type is never accepted")
        if not types:
            raise ValueError("no file type given (e.g. pdf,docx,xlsx)")
        return ",".join(dict.fromkeys(types))

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. Asia/Ho_Chi_Minh)") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The offices' time zone."""
        return ZoneInfo(self.timezone)

    @property
    def attachments(self) -> Path:
        """The content-addressed attachment store."""
        return self.home / "attachments"

    @property
    def attachment_suffixes(self) -> tuple[str, ...]:
        """The attachment types accepted: lowercase extensions without the dot."""
        return tuple(self.attachment_types.split(","))

    @property
    def mailbox(self) -> Path:
        """Where mail goes when no SMTP server is configured: one ``.eml`` per message."""
        return self.home / "mailbox"

    @property
    def operator_emails(self) -> frozenset[str]:
        """The operators' addresses, lowercased."""
        return frozenset(e.strip().lower() for e in self.operators.split(",") if e.strip())

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments, then the environment, then ``DIRECTIVE_FLOW_ENV_FILE``."""
        return (init_settings, env_settings, dotenv_settings)


class _FromMapping(Settings):
    """Settings from a given mapping only (``settings_from``), the process's left alone."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def settings_from(env: Mapping[str, str]) -> Settings:
    """Settings from an environment mapping alone (tests, tools)."""
    values: dict[str, Any] = {}
    for name in Settings.model_fields:
        value = env.get(f"{ENV_PREFIX}{name.upper()}")
        if value:
            values[name] = value
    with _named_variables():
        return _FromMapping(**values)


@functools.cache
def get_settings() -> Settings:
    """The process's settings, read from the environment (and its env file) once.

    A wrong value raises :class:`~directive_flow.errors.SettingsError` naming the variable.
    """
    env_file = os.environ.get(f"{ENV_PREFIX}ENV_FILE") or None
    if env_file and not Path(env_file).is_file():
        raise SettingsError(f"{ENV_PREFIX}ENV_FILE: no such file: {env_file}")
    with _named_variables():
        return Settings(_env_file=env_file)


@contextlib.contextmanager
def _named_variables() -> Iterator[None]:
    """Turn pydantic's report on a field into one line per variable a user sets."""
    try:
        yield
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"{ENV_PREFIX}{field.upper()}: {message}")
        raise SettingsError("\n".join(lines)) from None


_RESETS: list[Callable[[], None]] = []


def on_reset(forget: Callable[[], None]) -> Callable[[], None]:
    """Register a cache built from settings, to be forgotten by :func:`reset`."""
    _RESETS.append(forget)
    return forget


def reset() -> None:
    """Forget the settings and every cache built from them."""
    get_settings.cache_clear()
    for forget in _RESETS:
        forget()
