"""Can this installation work? The checks of ``directive-flow doctor``, one function each.

Nothing here sends mail or changes the store: the store is read (reachable, at this
code's schema), the SMTP server is greeted as a delivery would be (connect, TLS, log-in,
``EHLO``, ``NOOP``, ``QUIT``), a probe file is written into each shared folder and removed,
and Prefect's API is read (:mod:`.prefect_api`): the server answers and takes our
credentials, a work pool's deployments have live workers and the automations that notice
dead runs, this machine's flows send heartbeats often enough for them, and which schedules
are on. Each check is ``ok``, ``fail`` or ``info`` (worth knowing, never a failure).

Names and outcomes are for scripts and stay as they are; each ``detail`` is one line of
Vietnamese for the operator, the commands, settings, URLs and paths in it left as written.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.error import HTTPError

from sqlalchemy.exc import DBAPIError

from directive_flow.notify.smtp import parse_mail_url, probe
from directive_flow.settings import Settings
from directive_flow.steps.prefect_api import PrefectApi
from directive_flow.store.db import make_engine
from directive_flow.store.urls import parse_url, shown

__all__ = ["AUTOMATIONS", "HEARTBEAT", "POOL", "Check", "Health", "diagnose"]

POOL = "directive-flow"  # prefect.yaml's work pool
AUTOMATIONS = ("directive-flow-dead-runs", "directive-flow-dead-remind")  # flows.automations
HEARTBEAT = 30  # seconds; the automations call a run dead after 90 s of silence
FOLDERS = ("inbox", "attachments", "reports", "letters", "mailbox")
Outcome = Literal["ok", "fail", "info"]
Expect = Literal["on", "off"] | None


@dataclass(frozen=True)
class Check:
    """One answer: what was checked, how it went, and one line saying so."""

    name: str
    outcome: Outcome
    detail: str


@dataclass(frozen=True)
class Health:
    """Every check, in the order they ran."""

    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """True when no check failed."""
        return all(c.outcome != "fail" for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        """``{"ok": ..., "checks": [{"name", "outcome", "detail"}, ...]}``."""
        return {"ok": self.ok, "checks": [vars(c) for c in self.checks]}


def diagnose(
    settings: Settings,
    env: Mapping[str, str],
    *,
    pool: str = POOL,
    schedules: Expect = None,
    timeout: float = 5.0,
) -> Health:
    """Run every check; ``env`` holds the ``PREFECT_*`` variables (the process's)."""
    checks = [store(settings), folders(settings), *mail(settings, timeout)]
    api = PrefectApi.from_environment(env)
    checks += prefect(api, env, pool=pool, schedules=schedules)
    return Health(tuple(checks))


def store(settings: Settings) -> Check:
    """The store answers and is at this code's schema (never migrated from here)."""
    from directive_flow.store.migrate import current_revision, head_revision, known_revisions

    url = parse_url(settings.database_url)
    where = shown(url)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        return Check("store", "fail", f"{where}: không tìm thấy tệp (directive-flow db upgrade)")
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            current = current_revision(connection)
    except DBAPIError as exc:
        return Check("store", "fail", f"{where}: không kết nối được: {_first_line(exc.orig)}")
    finally:
        engine.dispose()
    head = head_revision()
    if current == head:
        return Check("store", "ok", f"{where}: lược đồ {head} (đúng với mã này)")
    if current is not None and current not in known_revisions():
        detail = f"{where}: lược đồ {current}, do một phiên bản directive-flow mới hơn ghi"
        return Check("store", "fail", detail)
    at = f"lược đồ {current}" if current else "chưa có lược đồ"
    detail = f"{where}: {at}, mã này cần {head} (directive-flow db upgrade)"
    return Check("store", "fail", detail)


def folders(settings: Settings) -> Check:
    """Home and each of its shared folders take a file (those missing are made on use)."""
    home = settings.home
    if not home.is_dir():
        return Check("folders", "fail", f"{home}: không tìm thấy thư mục")
    problems = [f"{p}: {why}" for p in [home, *_present(home)] if (why := _unwritable(p))]
    if problems:
        return Check("folders", "fail", "; ".join(problems))
    return Check("folders", "ok", f"{home}: ghi được ({', '.join(FOLDERS)})")


def mail(settings: Settings, timeout: float) -> list[Check]:
    """The SMTP server greets us and takes our log-in; or mail goes to the mailbox."""
    checks = []
    if settings.smtp_url is None:
        detail = (
            "chưa cấu hình máy chủ SMTP (DIRECTIVE_FLOW_SMTP_URL): thư được ghi vào "
            f"{settings.mailbox}"
        )
        checks.append(Check("mail", "info", detail))
    else:
        checks.append(_smtp(settings.smtp_url.get_secret_value(), timeout))
    if settings.redirect_all_to:
        detail = (
            "thử nghiệm (DIRECTIVE_FLOW_REDIRECT_ALL_TO): mọi thư được chuyển tới "
            f"{settings.redirect_all_to}"
        )
        checks.append(Check("redirect", "info", detail))
    return checks


def prefect(
    api: PrefectApi, env: Mapping[str, str], *, pool: str, schedules: Expect
) -> list[Check]:
    """The server answers; its deployments can run; which schedules are on."""
    try:
        api.health()
        api.authenticated()
        deployments = api.deployments()
    except HTTPError as exc:
        exc.close()  # an error answer holds its connection open
        hint = " (PREFECT_API_AUTH_STRING)" if exc.code == 401 else ""
        return [Check("prefect", "fail", f"{api.url}: HTTP {exc.code}{hint}")]
    except (OSError, ValueError) as exc:
        return [Check("prefect", "fail", f"{api.url}: không kết nối được: {_reason(exc)}")]
    if not deployments:
        detail = f"{api.url}: chưa có deployment nào (prefect deploy --all)"
        return [Check("prefect", "fail", detail)]
    checks = [Check("prefect", "ok", f"{api.url}: {len(deployments)} deployment")]
    pooled = [d for d in deployments if d.get("work_pool_name") == pool]
    if pooled:
        checks += [_workers(api, pool), _automations(api), _heartbeat(env)]
    else:
        checks.append(_served(deployments))
    return [*checks, _schedules(deployments, schedules)]


def _smtp(url: str, timeout: float) -> Check:
    try:
        server = parse_mail_url(url).server
    except ValueError as exc:
        return Check("mail", "fail", f"DIRECTIVE_FLOW_SMTP_URL: {exc}")
    where = f"{server.host}:{server.port} ({server.mode})"
    signed_in = server.user and server.password
    login = f", đăng nhập được với tài khoản {server.user}" if signed_in else ""
    problem = probe(server, timeout=timeout)
    if problem is None:
        return Check("mail", "ok", f"{where} trả lời{login}; không gửi thư nào")
    return Check("mail", "fail", f"{where}: {problem}")


def _workers(api: PrefectApi, pool: str) -> Check:
    try:
        workers = api.workers(pool)
    except (OSError, ValueError) as exc:
        return Check("workers", "fail", f"work pool '{pool}': {_reason(exc)}")
    if workers is None:
        return Check("workers", "fail", f"không có work pool '{pool}' (prefect work-pool create)")
    online = sorted(w["name"] for w in workers if w.get("status") == "ONLINE")
    if not online:
        detail = f"không có worker nào trực tuyến trong work pool '{pool}' (prefect worker start)"
        return Check("workers", "fail", detail)
    detail = f"{len(online)} worker trực tuyến trong work pool '{pool}': {', '.join(online)}"
    return Check("workers", "ok", detail)


def _automations(api: PrefectApi) -> Check:
    try:
        enabled = {a["name"] for a in api.automations() if a.get("enabled")}
    except (OSError, ValueError) as exc:
        return Check("automations", "fail", _reason(exc))
    missing = [name for name in AUTOMATIONS if name not in enabled]
    if missing:
        detail = f"thiếu hoặc đang tắt: {', '.join(missing)} (python -m flows.automations)"
        return Check("automations", "fail", detail)
    detail = f"lượt chạy mất heartbeat sẽ được đánh dấu Crashed: {', '.join(AUTOMATIONS)}"
    return Check("automations", "ok", detail)


def _heartbeat(env: Mapping[str, str]) -> Check:
    value = env.get("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "")
    if value.strip() == str(HEARTBEAT):
        detail = f"flow khởi chạy trên máy này gửi heartbeat mỗi {HEARTBEAT} giây"
        return Check("heartbeat", "ok", detail)
    shown_value = f"= {value}" if value else "chưa đặt (mặc định của Prefect: 180 giây)"
    return Check(
        "heartbeat",
        "fail",
        f"PREFECT_FLOWS_HEARTBEAT_FREQUENCY {shown_value}, các automation cần {HEARTBEAT} "
        "(heartbeat thưa hơn khiến cả lượt chạy đang chạy bị đánh dấu Crashed)",
    )


def _served(deployments: Sequence[Mapping[str, Any]]) -> Check:
    """Deployments without a work pool are served by one process (``directive-flow up``)."""
    waiting = sorted(d["name"] for d in deployments if d.get("status") != "READY")
    if waiting:
        detail = f"hiện không có tiến trình nào phục vụ: {', '.join(waiting)}"
        return Check("workers", "fail", detail)
    detail = f"một tiến trình phục vụ tất cả: {len(deployments)} deployment sẵn sàng"
    return Check("workers", "ok", detail)


def _schedules(deployments: Sequence[Mapping[str, Any]], expect: Expect) -> Check:
    on: list[str] = []
    off: list[str] = []
    for d in sorted(deployments, key=lambda d: str(d["name"])):
        for s in d.get("schedules") or []:
            (on if s.get("active") and not d.get("paused") else off).append(str(d["name"]))
    detail = f"bật: {', '.join(on) or 'không có'}; tắt: {', '.join(off) or 'không có'}"
    wrong = (expect == "on" and off) or (expect == "off" and on)
    outcome: Outcome = "fail" if wrong else ("ok" if expect else "info")
    return Check("schedules", outcome, detail)


def _present(home: Path) -> Iterator[Path]:
    return (home / name for name in FOLDERS if (home / name).is_dir())


def _unwritable(folder: Path) -> str | None:
    """Why ``folder`` takes no file, or ``None``: a probe is written, then removed."""
    probe_file = folder / f".doctor-{uuid.uuid4().hex}"
    try:
        probe_file.write_bytes(b"")
        os.remove(probe_file)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    return _first_line(reason if reason is not None else exc)


def _first_line(value: object) -> str:
    text = str(value).strip()
    return text.splitlines()[0] if text else type(value).__name__
