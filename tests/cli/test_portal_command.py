"""`directive-flow portal --port N` as a person starts it: the links it mails point at N."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from notify.servers import free_port

from directive_flow.notify.mailbox import Letter, read_mailbox

ROOT = Path(__file__).parents[2]
VALID = ROOT / "tests" / "fixtures" / "valid"


def test_without_a_public_address_the_sign_in_link_points_where_the_portal_listens(
    tmp_path: Path,
) -> None:
    home, port = tmp_path / "home", free_port()
    env = {**os.environ, "DIRECTIVE_FLOW_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    for name in (
        "DIRECTIVE_FLOW_DATABASE_URL",
        "DIRECTIVE_FLOW_PORTAL_URL",
        "DIRECTIVE_FLOW_SMTP_URL",
    ):
        env.pop(name, None)
    cli = [sys.executable, "-m", "directive_flow.cli"]
    registered = subprocess.run(
        [*cli, "register", str(VALID / "directive.yaml"), "--as", "op"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert registered.returncode == 0, registered.stderr
    server = subprocess.Popen(
        [*cli, "portal", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        answer = httpx.post(f"{base}/sign-in", data={"email": "a@example.vn"})
        assert answer.status_code == 200, answer.text[:300]
        letters: list[Letter] = []
        while time.monotonic() < deadline and not letters:
            letters = list(read_mailbox(home / "mailbox"))
            time.sleep(0.1)
        assert letters, "no sign-in mail in the mailbox"
        assert f"{base}/sign-in/" in letters[0].body
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        assert server.stdout is not None
        server.stdout.close()
