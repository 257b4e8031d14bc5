"""directive-flow doctor's checks against a real store, a loopback SMTP server and a fake
Prefect API (an HTTP server on loopback answering the handful of paths doctor reads)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from notify.servers import SmtpSink, free_port

from directive_flow.settings import Settings, settings_from
from directive_flow.steps.health import AUTOMATIONS, Check, diagnose, folders, mail, prefect, store
from directive_flow.steps.prefect_api import PrefectApi
from directive_flow.store.db import make_engine
from directive_flow.store.migrate import head_revision, upgrade

READY = {"name": "remind", "status": "READY", "work_pool_name": "directive-flow", "paused": False}


class FakePrefect:
    """What the fake server answers: path -> JSON; ``auth`` is the one it takes, if any."""

    def __init__(self) -> None:
        self.answers: dict[str, Any] = {
            "/api/health": True,
            "/api/admin/version": "3.9.1",
            "/api/deployments/filter": [READY | {"schedules": [{"active": False}]}],
            "/api/work_pools/directive-flow/workers/filter": [
                {"name": "w-1", "status": "ONLINE"},
                {"name": "w-2", "status": "OFFLINE"},
            ],
            "/api/automations/filter": [{"name": n, "enabled": True} for n in AUTOMATIONS],
        }
        self.auth: str | None = None


@pytest.fixture
def fake() -> Iterator[tuple[FakePrefect, str]]:
    answers = FakePrefect()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if answers.auth and self.headers.get("Authorization") != answers.auth:
                self.send_response(401)
            elif self.path in answers.answers:
                body = json.dumps(answers.answers[self.path]).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            else:
                self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = _answer

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield answers, f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _settings(home: Path, **env: str) -> Settings:
    return settings_from({"DIRECTIVE_FLOW_HOME": str(home)} | env)


def _env(url: str) -> dict[str, str]:
    return {"PREFECT_API_URL": url, "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": "30"}


def test_a_store_not_yet_made_or_behind_fails_and_a_migrated_one_passes(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    assert store(settings).outcome == "fail"
    assert "không tìm thấy tệp (directive-flow db upgrade)" in store(settings).detail
    engine = make_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()
    assert store(settings) == Check(
        "store",
        "ok",
        f"sqlite:///{tmp_path}/directive-flow.db: lược đồ {head_revision()} (đúng với mã này)",
    )


def test_folders_must_take_a_file(tmp_path: Path) -> None:
    assert folders(_settings(tmp_path / "missing")).outcome == "fail"
    (tmp_path / "inbox").mkdir()
    assert folders(_settings(tmp_path)).outcome == "ok"
    assert list(tmp_path.glob(".doctor-*")) == []  # the probe file is removed


def test_mail_greets_the_smtp_server_without_sending(tmp_path: Path, smtp_sink: SmtpSink) -> None:
    [local] = mail(_settings(tmp_path), timeout=5)
    assert (local.outcome, local.detail.startswith("chưa cấu hình máy chủ SMTP")) == ("info", True)
    [reached] = mail(_settings(tmp_path, DIRECTIVE_FLOW_SMTP_URL=smtp_sink.url()), timeout=5)
    assert reached.outcome == "ok", reached
    assert smtp_sink.received == []
    nobody = f"mailto://127.0.0.1:{free_port()}?from=a@b.vn&mode=insecure"
    [refused] = mail(_settings(tmp_path, DIRECTIVE_FLOW_SMTP_URL=nobody), timeout=5)
    assert refused.outcome == "fail"


def test_a_pool_with_a_worker_online_and_the_automations_passes(
    fake: tuple[FakePrefect, str],
) -> None:
    _, url = fake
    checks = prefect(PrefectApi(url), _env(url), pool="directive-flow", schedules="off")
    assert [(c.name, c.outcome) for c in checks] == [
        ("prefect", "ok"),
        ("workers", "ok"),
        ("automations", "ok"),
        ("heartbeat", "ok"),
        ("schedules", "ok"),
    ]
    assert checks[1].detail == "1 worker trực tuyến trong work pool 'directive-flow': w-1"
    assert checks[-1].detail == "bật: không có; tắt: remind"


def test_what_doctor_fails_on(fake: tuple[FakePrefect, str]) -> None:
    answers, url = fake
    answers.answers["/api/work_pools/directive-flow/workers/filter"] = []
    answers.answers["/api/automations/filter"] = []
    env = _env(url) | {"PREFECT_FLOWS_HEARTBEAT_FREQUENCY": ""}
    checks = {
        c.name: c for c in prefect(PrefectApi(url), env, pool="directive-flow", schedules="on")
    }
    assert {n: c.outcome for n, c in checks.items()} == {
        "prefect": "ok",
        "workers": "fail",
        "automations": "fail",
        "heartbeat": "fail",
        "schedules": "fail",
    }
    assert "python -m flows.automations" in checks["automations"].detail
    answers.auth = "Basic b3A6cHc="  # op:pw
    [refused] = prefect(PrefectApi(url), _env(url), pool="directive-flow", schedules=None)
    assert refused == Check("prefect", "fail", f"{url}: HTTP 401 (PREFECT_API_AUTH_STRING)")
    signed = PrefectApi.from_environment(_env(url) | {"PREFECT_API_AUTH_STRING": "op:pw"})
    assert prefect(signed, _env(url), pool="directive-flow", schedules=None)[0].outcome == "ok"


def test_no_server_is_one_failed_check_and_the_whole_is_not_ok(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/api"
    health = diagnose(_settings(tmp_path), {"PREFECT_API_URL": url}, timeout=2)
    assert not health.ok
    [server] = [c for c in health.checks if c.name == "prefect"]
    assert server.detail.startswith(f"{url}: không kết nối được: ")
    assert health.to_json()["checks"][0]["name"] == "store"
