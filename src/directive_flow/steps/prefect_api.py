"""Prefect's REST API read over plain HTTP: health, workers, deployments, automations.

``directive-flow doctor`` asks the Prefect server the flows run on a handful of questions;
importing Prefect for that (~0.8 s, its server models more) is left to commands that
orchestrate. The server is the one of ``PREFECT_API_URL`` (``directive-flow up``'s,
``http://127.0.0.1:4200/api``, when unset); when the server asks for basic authentication
(``PREFECT_SERVER_API_AUTH_STRING`` on the server), ``PREFECT_API_AUTH_STRING`` is sent, as
Prefect's own clients do. Failures are ``OSError`` (``urllib.error.HTTPError`` for an
answer with an error status) or ``ValueError`` (an answer that is not JSON).
"""

from __future__ import annotations

import base64
import json
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.error import HTTPError
from urllib.parse import quote

__all__ = ["DEFAULT_API", "PrefectApi"]

DEFAULT_API = "http://127.0.0.1:4200/api"
_PAGE = 200  # Prefect's largest page


@dataclass(frozen=True)
class PrefectApi:
    """One Prefect server's API, read-only."""

    url: str
    auth: str | None = field(default=None, repr=False)
    timeout: float = 5.0

    @classmethod
    def from_environment(cls, env: Mapping[str, str]) -> PrefectApi:
        """The API that ``PREFECT_API_URL`` and ``PREFECT_API_AUTH_STRING`` name."""
        url = env.get("PREFECT_API_URL") or DEFAULT_API
        return cls(url.rstrip("/"), env.get("PREFECT_API_AUTH_STRING") or None)

    def health(self) -> None:
        """Return when the server answers ``/health``; raise ``OSError`` otherwise."""
        self._call("GET", "/health")

    def authenticated(self) -> None:
        """Return when the server takes our credentials (``/admin/version`` needs them)."""
        self._call("GET", "/admin/version")

    def workers(self, pool: str) -> list[dict[str, Any]] | None:
        """The workers of work pool ``pool``; ``None`` when there is no such pool."""
        try:
            return self._all(f"/work_pools/{quote(pool)}/workers/filter")
        except HTTPError as exc:
            if exc.code == 404:
                exc.close()
                return None
            raise

    def deployments(self) -> list[dict[str, Any]]:
        """Every deployment, with its schedules, status and work pool."""
        return self._all("/deployments/filter")

    def automations(self) -> list[dict[str, Any]]:
        """Every automation, with its name and whether it is enabled."""
        return self._all("/automations/filter")

    def _all(self, path: str) -> list[dict[str, Any]]:
        """Every item a ``/filter`` endpoint returns, page by page."""
        items: list[dict[str, Any]] = []
        while True:
            page = self._call("POST", path, {"limit": _PAGE, "offset": len(items)})
            if not isinstance(page, list):
                raise ValueError(f"{path}: expected a list, got {type(page).__name__}")
            items += page
            if len(page) < _PAGE:
                return items

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.auth:
            token = base64.b64encode(self.auth.encode("utf-8")).decode("ascii")
            request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=self.timeout) as answer:
            text = answer.read()
        return json.loads(text) if text else None
