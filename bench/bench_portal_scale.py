"""Every portal page a user reaches, over 1, 3 and 10 years of a province's history.

The store is ``scale_data.Store`` (1,500 directives x 10 tasks a year, their reminder
steps and sent outbox rows, audit rows), its live year ending today (the server reads
the real clock), grown backwards in time: each size adds only its own years. On top, as
the portal's use leaves them: one submission per completed task, accepted (with its
review) once it is 20 days old except one in a hundred left waiting for ever; one agency
made busy (an eighth of every year's tasks); one task of it with three versions, two
returned, files attached and an extension asked; a few pending extension requests; and
a mailbox of ``--mail-per-year`` messages a year.

The real app (``web.create_app``) is served by uvicorn in a child process, one worker,
on loopback; one client at a time asks each page ``--requests`` times after one
unmeasured request, as a district's clerk, a busy department's clerk, the issuing office
(the committee office, ``vp-ubnd``'s part: it issued every directive) and an operator.
Each page's floor is a bare route in the same server calling the same step with the same
arguments (no session, no CSRF, no template), as ``bench_portal.py``'s floor does.

Prints, per page: p50 and p95 per size, what it listed (items, bytes), the growth
exponent k of the p50 (time ~ size^k, least squares over the sizes: ~0 follows live
work, ~1 follows history), and the ratio of the p50 to its floor's at the largest size.

    .venv/bin/python bench/bench_portal_scale.py [--years 1,3,10] [--quick] [--requests 15]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/db] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import scale_data  # bench/ is on the path: run as a script, or by uvicorn --app-dir
from common import exponent, ms, serve_app
from fastapi import Request

DISTRICT, BUSY, ISSUER = "p00-so-59", "p00-so-01", "p00-so-00"
OPERATOR = "operator@bench.vn"
ROLES = {
    "district": (DISTRICT, f"vanthu@{DISTRICT}.gov.vn"),
    "busy": (BUSY, f"vanthu@{BUSY}.gov.vn"),
    "issuer": (ISSUER, f"vanthu@{ISSUER}.gov.vn"),
    "operator": (None, OPERATOR),
}
HISTORY_TASK = "a0/" + BUSY  # the busy agency's task with three versions (see enrich)
WAITING_FOR_EVER = 100  # one accepted-age submission in this many is never reviewed
ACCEPT_AFTER_DAYS = 20


# --- the store --------------------------------------------------------------------------


def enrich(engine: Any, after_id: int, today: date, first: bool) -> None:
    """What the portal's use leaves on the tasks of ids above ``after_id`` (see the module)."""
    from sqlalchemy import insert, select, update

    from directive_flow.store.tables import (
        AttachmentRow,
        ExtensionRow,
        ReviewRow,
        SubmissionRow,
        TaskRow,
    )

    with engine.begin() as c:
        busy = TaskRow.id > after_id, TaskRow.id % 8 == 0
        c.execute(
            update(TaskRow).where(*busy).values(agency=BUSY, key=TaskRow.assignment + "/" + BUSY)
        )
        done = c.execute(
            select(TaskRow.id, TaskRow.agency, TaskRow.completed_on).where(
                TaskRow.id > after_id,
                TaskRow.completed_on.is_not(None),
                TaskRow.cancelled.is_(False),
            )
        ).all()
        subs = [
            {"task_id": t, "version": 1, "agency": a, "data": {}, "note": None,
             "submitted_by": f"vanthu@{a}.gov.vn", "submitted_at": _at(on), "submitted_on": on}
            for t, a, on in done
        ]  # fmt: skip
        for start in range(0, len(subs), 20_000):
            c.execute(insert(SubmissionRow), subs[start : start + 20_000])
        cut = today - timedelta(days=ACCEPT_AFTER_DAYS)
        accepted = [t for t, _, on in done if on < cut and t % WAITING_FOR_EVER != 1]
        ids = dict(
            c.execute(
                select(SubmissionRow.task_id, SubmissionRow.id).where(
                    SubmissionRow.task_id > after_id
                )
            ).all()
        )
        by_day = {t: on for t, _, on in done}
        reviews = [
            {"task_id": t, "submission_id": ids[t], "decision": "accept", "reason": None,
             "reviewed_by": f"vanthu@{ISSUER}.gov.vn", "reviewed_at": _at(by_day[t] + timedelta(days=2))}
            for t in accepted
        ]  # fmt: skip
        for start in range(0, len(reviews), 20_000):
            c.execute(insert(ReviewRow), reviews[start : start + 20_000])
            chunk = accepted[start : start + 20_000]
            c.execute(update(TaskRow).where(TaskRow.id.in_(chunk)).values(state="accepted"))
        if not first:
            return
        # the live year's pending extensions and the busy agency's task with a history
        open_ = c.execute(
            select(TaskRow.id, TaskRow.agency, TaskRow.due, TaskRow.directive_id, TaskRow.key)
            .where(
                TaskRow.completed_on.is_(None), TaskRow.cancelled.is_(False), TaskRow.due > today
            )
            .order_by(TaskRow.id)
        ).all()
        for t, a, due, _, _ in open_[:: max(1, len(open_) // 25)][:25]:
            c.execute(insert(ExtensionRow).values(
                task_id=t, requested_until=due + timedelta(days=14), reason="Cần thêm thời gian",
                status="pending", requested_by=f"vanthu@{a}.gov.vn", requested_at=_at(today)))  # fmt: skip
        mine = next(r for r in open_ if r.agency == BUSY and r.key == HISTORY_TASK)
        for version in (1, 2, 3):
            sid = c.execute(insert(SubmissionRow).values(
                task_id=mine.id, version=version, agency=BUSY, data={"so_lieu": version},
                note=f"Phiên bản {version}", submitted_by=f"vanthu@{BUSY}.gov.vn",
                submitted_at=_at(today - timedelta(days=4 - version)),
                submitted_on=today - timedelta(days=4 - version)).returning(SubmissionRow.id)).scalar_one()  # fmt: skip
            for n in range(2):
                c.execute(insert(AttachmentRow).values(
                    submission_id=sid, sha256=f"{version}{n}".ljust(64, "0"),
                    original_name=f"bao-cao-{version}-{n}.pdf", size=12_345))  # fmt: skip
            if version < 3:
                c.execute(insert(ReviewRow).values(
                    task_id=mine.id, submission_id=sid, decision="return", reason="Thiếu số liệu",
                    reviewed_by=f"vanthu@{ISSUER}.gov.vn",
                    reviewed_at=_at(today - timedelta(days=4 - version))))  # fmt: skip
        c.execute(
            update(TaskRow)
            .where(TaskRow.id == mine.id)
            .values(state="submitted", completed_on=today)
        )


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, tzinfo=UTC)


def write_mail(folder: Path, n: int, year: int) -> None:
    """``n`` messages of ``year`` in the local mailbox (reminders and sign-in links)."""
    from directive_flow.notify.mailbox import write_eml

    for i in range(n):
        message = EmailMessage()
        message["Message-ID"] = f"<{year:04d}{i:028x}@bench.vn>"
        message["To"] = f"vanthu@p00-so-{i % 60:02d}.gov.vn"
        message["Subject"] = f"Nhắc việc: nhiệm vụ {i} năm {year}"
        message["Date"] = f"Mon, 02 Jan {year} 08:00:00 +0700"
        message.set_content("Kính gửi ...\n" * 5)
        path = write_eml(message.as_bytes(), folder, message_id=str(message["Message-ID"]))
        stamp = datetime(year, 1, 2, tzinfo=UTC).timestamp() + i * 60
        os.utime(path, (stamp, stamp))


def sessions(url: str) -> dict[str, str]:
    """A cookie per role, each session opened in the store directly."""
    from directive_flow.settings import get_settings
    from directive_flow.steps.common import utc_now
    from directive_flow.steps.identity import open_session
    from directive_flow.steps.signing import sign, signing_key
    from directive_flow.store.db import open_store, session_scope

    out = {}
    with session_scope(open_store(url)) as session:
        key = signing_key(session, get_settings())
        for role, (agency, email) in ROLES.items():
            token = open_session(
                session, name=email, email=email, agency=agency, operator=agency is None,
                address="127.0.0.1", now=utc_now(),
            ).token  # fmt: skip
            out[role] = f"{token}.{sign(key, 'session', token)}"
    return out


# --- the server and its floors ----------------------------------------------------------


def actor_of(role: str) -> Any:
    """The actor the portal makes for ``role``'s session."""
    from directive_flow.domain import Actor, Channel

    agency, email = ROLES[role]
    return Actor(email, Channel.PORTAL, agency, agency is None, "127.0.0.1")


def floor_app() -> Any:
    """The portal with bare routes: each page's step, same arguments, no session or template."""
    from directive_flow.domain import Status
    from directive_flow.notify.mailbox import read_mailbox
    from directive_flow.steps.audience import roles_of
    from directive_flow.steps.board import board, directive_status
    from directive_flow.steps.common import local_today
    from directive_flow.steps.directory import directory
    from directive_flow.steps.reviewqueue import review_queue
    from directive_flow.steps.tasklist import task_page
    from directive_flow.steps.taskview import task_view
    from directive_flow.store.db import read_scope
    from directive_flow.web import create_app

    app = create_app()

    def read(step: Callable[..., Any]) -> Any:
        with read_scope(app.state.portal.engine) as session:
            return step(session)

    @app.get("/bench/floor/tasks/{role}")
    def tasks(role: str, request: Request) -> Any:
        q = request.query_params
        agency = ROLES[role][0]
        asked: dict[str, Any] = {"scope": q.get("scope", "live"), "page": int(q.get("page", "1"))}
        if "after" in q:
            asked["after"] = int(q["after"])
        if "status" in q:
            asked["status"] = Status(q["status"])
        found = read(lambda s: task_page(s, agency=agency, as_of=local_today(), **asked))
        return found.to_json()

    @app.get("/bench/floor/review/{role}")
    def review(role: str, request: Request) -> Any:
        q = request.query_params
        return read(
            lambda s: review_queue(
                s, actor=actor_of(role), as_of=local_today(), scope=q.get("scope", "live"),
                page=int(q.get("page", "1")),
            ).to_json()
        )  # fmt: skip

    @app.get("/bench/floor/directives/{role}")
    def directives(role: str, request: Request) -> Any:
        q = request.query_params
        return read(
            lambda s: directory(
                s, actor_of(role), as_of=local_today(), scope=q.get("scope", "live"),  # type: ignore[arg-type]
                query=q.get("q", ""), page=int(q.get("page", "1")),
            ).to_json()
        )  # fmt: skip

    @app.get("/bench/floor/board/{role}/{directive}")
    def board_(role: str, directive: str) -> Any:
        return read(
            lambda s: board(
                s, actor=actor_of(role), directive=directive, as_of=local_today()
            ).to_json()
        )

    @app.get("/bench/floor/status/{role}/{directive}")
    def status_(role: str, directive: str) -> Any:
        return read(
            lambda s: directive_status(
                s, actor=actor_of(role), directive=directive, as_of=local_today()
            ).to_json()
        )

    @app.get("/bench/floor/task/{role}/{directive}/{task:path}")
    def task(role: str, directive: str, task: str) -> Any:
        return read(
            lambda s: task_view(
                s, actor=actor_of(role), directive=directive, task=task, as_of=local_today()
            ).to_json()
        )

    @app.get("/bench/floor/session/{role}")
    def session_(role: str) -> Any:
        return {"roles": read(lambda s: roles_of(s, actor_of(role)))}

    @app.get("/bench/floor/mailbox")
    def mailbox() -> Any:
        return {"messages": [x.subject for x in read_mailbox(app.state.portal.settings.mailbox)]}

    return app


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """This bench's app (the portal with its floor routes) served by uvicorn."""
    return serve_app("bench_portal_scale:floor_app", env, port, tries=300)


# --- the pages --------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One page a user reaches, as one role, and its floor."""

    role: str
    label: str
    path: str
    floor: str


def pages(engine: Any, today: date) -> list[Page]:
    """Every page timed (the directives and tasks chosen from the live year)."""
    from sqlalchemy import select

    from directive_flow.store.tables import TaskRow

    with engine.connect() as c:
        live = c.execute(
            select(TaskRow.directive_id, TaskRow.key)
            .where(TaskRow.agency == DISTRICT, TaskRow.completed_on.is_(None), TaskRow.due > today)
            .order_by(TaskRow.id)
        ).first()
        mine = c.execute(select(TaskRow.directive_id).where(TaskRow.key == HISTORY_TASK, TaskRow.state == "submitted")).first()  # fmt: skip
        oldest = c.execute(
            select(TaskRow.id)
            .where(TaskRow.agency == BUSY, TaskRow.cancelled.is_(False))
            .order_by(TaskRow.id)
            .offset(60)
        ).first()
    assert live is not None
    assert mine is not None
    assert oldest is not None
    deep = f"scope=all&after={oldest[0]}"
    d, t = live
    h = mine[0]
    out = []
    for role in ("district", "busy", "operator"):
        out += [
            Page(role, "task list (/tasks)", "/tasks", f"/bench/floor/tasks/{role}"),
            Page(role, "GET /api/tasks", "/api/tasks", f"/bench/floor/tasks/{role}"),
            Page(role, "task list, archive", "/tasks?scope=all", f"/bench/floor/tasks/{role}?scope=all"),
        ]  # fmt: skip
    out += [
        Page("busy", "task list, archive, oldest page (keyset)", f"/tasks?{deep}", f"/bench/floor/tasks/busy?{deep}"),
        Page("busy", "task list, filter: overdue", "/tasks?status=overdue", "/bench/floor/tasks/busy?status=overdue"),
        Page("district", "a task's page", f"/tasks/{d}/{t}", f"/bench/floor/task/district/{d}/{t}"),
        Page("busy", "task page with history", f"/tasks/{h}/{HISTORY_TASK}", f"/bench/floor/task/busy/{h}/{HISTORY_TASK}"),
        Page("busy", "GET /api/tasks/{d}/{t} (history)", f"/api/tasks/{h}/{HISTORY_TASK}", f"/bench/floor/task/busy/{h}/{HISTORY_TASK}"),
        Page("district", "directives, live", "/directives", "/bench/floor/directives/district"),
        Page("district", "directives, search", "/directives?q=giao+ban", "/bench/floor/directives/district?q=giao+ban"),
        Page("district", "directive's board", f"/directives/{d}", f"/bench/floor/board/district/{d}"),
        Page("issuer", "review queue (/review)", "/review", "/bench/floor/review/issuer"),
        Page("issuer", "GET /api/review", "/api/review", "/bench/floor/review/issuer"),
        Page("issuer", "review queue, page 2", "/review?page=2", "/bench/floor/review/issuer?page=2"),
        Page("issuer", "review queue, archive", "/review?scope=all", "/bench/floor/review/issuer?scope=all"),
        Page("issuer", "directives, live", "/directives", "/bench/floor/directives/issuer"),
        Page("issuer", "directives, all, page 2", "/directives?scope=all&page=2", "/bench/floor/directives/issuer?scope=all&page=2"),
        Page("issuer", "directives, all, last page", "/directives?scope=all&page=999999", "/bench/floor/directives/issuer?scope=all&page=999999"),
        Page("issuer", "directives, all, search", "/directives?scope=all&q=p00+0042", "/bench/floor/directives/issuer?scope=all&q=p00+0042"),
        Page("issuer", "board with letters (/directives/{id})", f"/directives/{h}", f"/bench/floor/board/issuer/{h}"),
        Page("issuer", "GET /api/directives/{id}/status", f"/api/directives/{h}/status", f"/bench/floor/status/issuer/{h}"),
        Page("issuer", "GET /api/directives?scope=all", "/api/directives?scope=all", "/bench/floor/directives/issuer?scope=all"),
        Page("district", "GET /api/session", "/api/session", "/bench/floor/session/district"),
        Page("busy", "GET /api/session", "/api/session", "/bench/floor/session/busy"),
        Page("operator", "review queue", "/review", "/bench/floor/review/operator"),
        Page("operator", "mailbox (/mailbox)", "/mailbox", "/bench/floor/mailbox"),
        Page("operator", "GET /api/mailbox", "/api/mailbox", "/bench/floor/mailbox"),
    ]  # fmt: skip
    return out


@dataclass
class Timed:
    """One page's figures at one size."""

    p50: float
    p95: float
    floor_p50: float
    status: int
    size: int
    items: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def timed(
    client: httpx.Client, cookie: str | None, path: str, n: int
) -> tuple[list[float], httpx.Response]:
    """``n`` requests of ``path`` after one unmeasured; their latencies, the last answer."""
    cookies = {"df_session": cookie} if cookie else {}
    client.cookies.clear()
    answer = client.get(path, cookies=cookies)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        answer = client.get(path, cookies=cookies)
        times.append(time.perf_counter() - start)
    return times, answer


def count_items(answer: httpx.Response) -> int | None:
    """How many things the answer lists (tasks, submissions, directives, messages, rows)."""
    kind = answer.headers.get("content-type", "")
    if "json" in kind:
        body = answer.json()
        for name in (
            "tasks",
            "submissions",
            "directives",
            "messages",
            "timeline",
            "by_agency",
            "versions",
        ):
            if isinstance(body.get(name), list | dict):
                return len(body[name])
        return None
    return answer.text.count('<li class="task"') + answer.text.count("<tr")


def quantile(times: list[float], q: int) -> float:
    """The q-th percentile (q in 1..99)."""
    if len(times) == 1:
        return times[0]
    return statistics.quantiles(times, n=100, method="inclusive")[q - 1]


def measure(base: str, cookies: dict[str, str], all_pages: list[Page], n: int) -> dict[str, Timed]:
    """Each page and its floor, ``n`` times each, one client, one request at a time."""
    out = {}
    with httpx.Client(base_url=base, timeout=300, follow_redirects=False) as client:
        for p in all_pages:
            times, answer = timed(client, cookies[p.role], p.path, n)
            floor, bare = timed(client, None, p.floor, n)
            if bare.status_code != 200:
                raise SystemExit(f"floor {p.floor}: {bare.status_code} {bare.text[:300]}")
            out[f"{p.role}: {p.label}"] = Timed(
                ms(quantile(times, 50)), ms(quantile(times, 95)), ms(quantile(floor, 50)),
                answer.status_code, len(answer.content), count_items(answer),
            )  # fmt: skip
    return out


# --- the run ----------------------------------------------------------------------------


def run(url: str, years: list[int], n: int, mail: int, folder: Path) -> dict[int, dict[str, Any]]:
    """Grow, enrich, serve and time, size by size."""
    from sqlalchemy import func, select

    from directive_flow.steps.common import local_today
    from directive_flow.store.db import make_engine
    from directive_flow.store.migrate import ensure_schema
    from directive_flow.store.tables import TaskRow

    today = local_today()
    scale_data.TODAY = today  # the live year ends today: the server reads the real clock
    engine = make_engine(url)
    ensure_schema(engine)
    store = scale_data.Store(engine)
    home = folder / "home"
    env = {**os.environ, "DIRECTIVE_FLOW_HOME": str(home), "DIRECTIVE_FLOW_DATABASE_URL": url,
           "DIRECTIVE_FLOW_OPERATORS": OPERATOR}  # fmt: skip
    env.pop("DIRECTIVE_FLOW_SECRET_KEY", None)
    env.pop("DIRECTIVE_FLOW_SMTP_URL", None)
    os.environ.update(env)
    from directive_flow.settings import get_settings, reset

    reset()
    mailbox = get_settings().mailbox
    results: dict[int, dict[str, Any]] = {}
    for size in years:
        start = time.perf_counter()
        with engine.connect() as c:
            last = c.execute(select(func.coalesce(func.max(TaskRow.id), 0))).scalar_one()
        had = store.years
        built = store.grow(size)
        enrich(engine, last, today, first=had == 0)
        for year in range(had, size):
            write_mail(mailbox, mail, today.year - year)
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.exec_driver_sql("VACUUM ANALYZE")
        else:
            with engine.begin() as c:
                c.exec_driver_sql("ANALYZE")
        grown = time.perf_counter() - start
        port = _free_port()
        env["DIRECTIVE_FLOW_PORTAL_URL"] = f"http://127.0.0.1:{port}"
        cookies = sessions(url)
        server = serve(env, port)
        try:
            figures = measure(f"http://127.0.0.1:{port}", cookies, pages(engine, today), n)
        finally:
            server.terminate()
            server.wait(timeout=20)
        results[size] = {"figures": figures, "rows": dict(built.rows), "built_s": round(grown, 1),
                         "load": os.getloadavg()}  # fmt: skip
        print(f"  {size} years: {built.rows.get('tasks', 0):,} tasks, built in {grown:.1f} s, "
              f"load {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
    engine.dispose()
    return results


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def report(results: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per page: p50/p95 per size, items, k, ratio to the floor at the largest."""
    sizes = sorted(results)
    names = list(results[sizes[0]]["figures"])
    rows = []
    for name in names:
        at = [results[s]["figures"][name] for s in sizes]
        k = exponent([float(s) for s in sizes], [t.p50 for t in at])
        kf = exponent([float(s) for s in sizes], [t.floor_p50 for t in at])
        last = at[-1]
        rows.append({
            "page": name, "p50": [t.p50 for t in at], "p95": [t.p95 for t in at],
            "floor_p50": [t.floor_p50 for t in at], "items": [t.items for t in at],
            "kb": [round(t.size / 1024, 1) for t in at], "status": [t.status for t in at],
            "k": k, "k_floor": kf, "ratio": round(last.p50 / max(last.floor_p50, 0.01), 2),
        })  # fmt: skip
    return rows


def main() -> None:
    """Build, serve, time, print."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--years", default="1,3,10", help="province-years, e.g. 1,3,10")
    parser.add_argument(
        "--quick", action="store_true", help="the two smallest sizes, fewer requests"
    )
    parser.add_argument("--requests", type=int, default=15, help="timed requests per page and size")
    parser.add_argument("--mail-per-year", type=int, default=2_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    args = parser.parse_args()
    years = sorted({int(y) for y in args.years.split(",")})
    if args.quick:
        years, args.requests, args.mail_per_year = (
            years[:2],
            min(args.requests, 5),
            min(args.mail_per_year, 500),
        )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-portal-scale-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'store.db'}"
        print(f"store: {url.split('://')[0]}, years {years}, {args.requests} requests a page, "
              f"load {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
        results = run(url, years, args.requests, args.mail_per_year, Path(tmp))
    rows = report(results)
    head = " / ".join(str(y) for y in years)
    print(f"\n{'page':58} {'p50 ms ' + head:>26} {'p95 ms':>24} {'items':>18} {'k':>6} "
          f"{'floor p50':>10} {'ratio':>6}")  # fmt: skip
    for r in rows:
        bad = [s for s in r["status"] if s != 200]
        print(f"{r['page'][:58]:58} {' / '.join(f'{x:.1f}' for x in r['p50']):>26} "
              f"{' / '.join(f'{x:.0f}' for x in r['p95']):>24} "
              f"{' / '.join(str(x) for x in r['items']):>18} {r['k'] if r['k'] is not None else '':>6} "
              f"{r['floor_p50'][-1]:>10.1f} {r['ratio']:>6.2f}{'  HTTP ' + str(bad) if bad else ''}")  # fmt: skip
    print(f"\n{time.perf_counter() - started:.1f} s, load {os.getloadavg()}")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"years": years, "pages": rows}, ensure_ascii=False, indent=1)
        )


if __name__ == "__main__":
    main()
