"""Driving the real portal over HTTP: sign in through the mailbox, act, read JSON."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from directive_flow.notify.mailbox import read_mailbox

CHROMIUM = Path("/usr/bin/chromium")  # Debian's: Playwright cannot download a browser here
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NEEDS_CHROMIUM = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install -y chromium)"
)
DIRECTIVE = "web-1-tb-vp"
ISSUER = "vanthu@vp.example.vn"  # vp-ubnd, the issuing office
LEAD = "a@ldtbxh.example.vn"  # so-ldtbxh, consolidates the suppliers
HEALTH = "vanthu@soyte.example.vn"  # so-yt, a supplier
DISTRICT_A = "vanthu@huyena.example.vn"
DISTRICT_B = "vanthu@huyenb.example.vn"
OPERATOR = "operator@example.vn"
OUTSIDER = "vanthu@sotc.example.vn"  # so-tc: registered, but no task in the directive
TASK_YT = "supply-data/so-yt"
TASK_A = "supply-data/ubnd-huyen-a"
TASK_B = "supply-data/ubnd-huyen-b"
FINAL = "finalize-report/so-ldtbxh"
_LINK = re.compile(r"(http://\S+/sign-in/[A-Za-z0-9_-]+(?:\?next=\S+)?)")


@dataclass
class Portal:
    """A running portal: its address and its mailbox folder."""

    url: str
    mailbox: Path
    clients: list[httpx.Client] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def client(self) -> httpx.Client:
        """A browser-like client: its own cookies, no redirects followed (closed at the end)."""
        client = httpx.Client(base_url=self.url, timeout=20, follow_redirects=False)
        self.clients.append(client)
        return client

    def close(self) -> None:
        """Close every client made."""
        for client in self.clients:
            client.close()

    def link_for(self, email: str, *, after: float = 0.0, wait: float = 10.0) -> str:
        """The newest sign-in link mailed to ``email`` since ``after`` (epoch seconds)."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            for letter in read_mailbox(self.mailbox):
                fresh = letter.sent is None or letter.sent.timestamp() >= after - 1
                found = _LINK.search(letter.body)
                if email in letter.to and fresh and found and found.group(1) not in self.used:
                    self.used.add(found.group(1))
                    return found.group(1)
            time.sleep(0.05)
        raise AssertionError(f"no sign-in link for {email} in {self.mailbox}")

    def sign_in(self, email: str) -> Session:
        """A client signed in as ``email`` through the mailed link."""
        client = self.client()
        start = time.time()
        answer = client.post("/sign-in", data={"email": email})
        assert answer.status_code == 200, answer.text
        link = self.link_for(email, after=start)
        followed = client.get(link.removeprefix(self.url))
        assert followed.status_code == 303, followed.text
        assert followed.headers["location"] == "/tasks"
        me = client.get("/api/session").json()
        return Session(client, me)


@dataclass
class Session:
    """A signed-in client and its ``/api/session`` answer."""

    client: httpx.Client
    me: dict[str, Any]

    @property
    def csrf(self) -> dict[str, str]:
        """The header every state change carries."""
        return {"X-CSRF-Token": str(self.me["csrf_token"])}

    def get(self, path: str) -> httpx.Response:
        """GET ``path``."""
        return self.client.get(path)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        """POST JSON ``json`` to ``path`` with the CSRF header."""
        headers = {**self.csrf, **kwargs.pop("headers", {})}
        return self.client.post(path, json=json, headers=headers, **kwargs)

    def submit(self, task: str, data: dict[str, Any], directive: str = DIRECTIVE) -> httpx.Response:
        """Hand in ``data`` for ``task`` through the JSON API."""
        return self.post(f"/api/tasks/{directive}/{task}/submissions", {"data": data})

    def review(
        self, task: str, decision: str, reason: str | None = None, version: int | None = None
    ) -> httpx.Response:
        """Decide on ``task``'s ``version`` (by default the latest, as its page shows it)
        through the JSON API."""
        if version is None:
            shown = self.get(f"/api/tasks/{DIRECTIVE}/{task}")
            versions = shown.json().get("versions") if shown.status_code == 200 else None
            version = versions[0]["version"] if versions else 1
        body = {"decision": decision, "reason": reason, "version": version}
        return self.post(f"/api/tasks/{DIRECTIVE}/{task}/review", body)


def sign_in_page(portal: Portal, page: Any, email: str) -> None:
    """Sign ``email`` in on a browser ``page``: ask for the link, follow it from the mailbox."""
    page.goto(f"{portal.url}/sign-in")
    page.get_by_label("Thư điện tử").fill(email)
    page.get_by_role("button", name="Gửi liên kết đăng nhập").click()
    page.get_by_role("status").wait_for()
    page.goto(portal.link_for(email))
    page.get_by_role("heading", name="Nhiệm vụ của tôi").wait_for()
