"""Interleaved work on one directive, as Hypothesis picks it, on SQLite and PostgreSQL.

Agencies submit (directly, or through the inbox), reviewers accept or return, owners ask
for more time and the issuer decides, and the days go by with reminders queued and
delivered to the local mailbox. After every step:

- no submission is lost: each task holds exactly the versions that were accepted by the
  intake, and its state follows the last decision;
- the outbox holds at most one row per task and stage (a resend is never a second row);
- the four-way counts add up to the live tasks, whatever the day.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import Engine, func, select
from store_helpers import DIRECTIVE, clerk, operator, submit_for

from directive_flow.errors import RefusedError
from directive_flow.notify import DeliverySettings
from directive_flow.steps.collect import collect_inbox
from directive_flow.steps.deliver import deliver_outbox
from directive_flow.steps.extend import decide_extension, request_extension
from directive_flow.steps.register import register_directive
from directive_flow.steps.remind import queue_reminders
from directive_flow.steps.review import review
from directive_flow.steps.status import status_report
from directive_flow.store.db import make_engine, session_scope
from directive_flow.store.migrate import ensure_schema
from directive_flow.store.tables import OutboxRow, SubmissionRow, TaskRow
from directive_flow.store.testing import reset_database

VALID = Path(__file__).parents[1] / "fixtures" / "valid" / "directive.yaml"
SUPPLIERS = ["supply-data/so-yt", "supply-data/ubnd-huyen-a", "supply-data/ubnd-huyen-b"]
START = date(2024, 7, 1)


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(2), tzinfo=UTC)  # 09:00 in Vietnam


class Office(RuleBasedStateMachine):
    """One directive's follow-up; the model counts what must be in the store."""

    url: str
    home: Path

    def __init__(self) -> None:
        super().__init__()
        self.engine: Engine = make_engine(self.url)
        ensure_schema(self.engine)
        with session_scope(self.engine) as session:
            register_directive(session, path=VALID, actor=operator("vp"), as_of=START)
        self.day = START
        self.versions: Counter[str] = Counter()
        self.state = dict.fromkeys(SUPPLIERS, "assigned")
        self.drops = 0

    def teardown(self) -> None:
        self.engine.dispose()

    @rule(task=st.sampled_from(SUPPLIERS), children=st.integers(0, 500) | st.just(-1))
    def submit(self, task: str, children: int) -> None:
        agency = task.split("/")[1]
        data = {"children": children if children >= 0 else "nhiều"}
        try:
            with session_scope(self.engine) as session:
                submit_for(session, directive=DIRECTIVE, task=task, agency=agency,
                           actor=agency, home=self.home, data=data, at=_moment(self.day))  # fmt: skip
        except RefusedError:
            assert children < 0 or self.state[task] == "accepted"
            return
        assert children >= 0
        self.versions[task] += 1
        self.state[task] = "submitted"

    @rule(task=st.sampled_from(SUPPLIERS))
    def drop_in_the_inbox(self, task: str) -> None:
        agency = task.split("/")[1]
        self.drops += 1
        folder = self.home / "inbox" / agency / DIRECTIVE / f"{task.replace('/', '__')}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "data.json").write_text(json.dumps({"children": self.drops}), encoding="utf-8")
        moment = _moment(self.day).timestamp()
        report = collect_inbox(self.engine, home=self.home, settle_seconds=0, now=moment)
        [outcome] = report.outcomes
        if self.state[task] == "accepted":
            assert outcome.outcome == "rejected"
        else:
            assert outcome.outcome == "ingested"
            self.versions[task] += 1
            self.state[task] = "submitted"

    @rule(task=st.sampled_from(SUPPLIERS), accept=st.booleans())
    def decide(self, task: str, accept: bool) -> None:
        decision = "accept" if accept else "return"
        try:
            with session_scope(self.engine) as session:
                review(session, directive=DIRECTIVE, task=task, decision=decision,
                       reason="thiếu", actor=clerk("vp-ubnd"), at=_moment(self.day))  # fmt: skip
        except RefusedError:
            assert self.state[task] != "submitted"
            return
        assert self.state[task] == "submitted"
        self.state[task] = "accepted" if accept else "assigned"

    @rule(task=st.sampled_from(SUPPLIERS), days=st.integers(1, 20), approve=st.booleans())
    def ask_for_time(self, task: str, days: int, approve: bool) -> None:
        agency = task.split("/")[1]
        try:
            with session_scope(self.engine) as session:
                row = session.scalars(select(TaskRow).where(TaskRow.key == task)).one()
                until = (row.due or self.day) + timedelta(days=days)
                request_extension(session, directive=DIRECTIVE, task=task, until=until,
                                  reason="mưa lũ", actor=clerk(agency), at=_moment(self.day))  # fmt: skip
        except RefusedError:
            return  # late, or not open, or a request already pending: the step says why
        with session_scope(self.engine) as session:
            decide_extension(session, directive=DIRECTIVE, task=task, approve=approve,
                             actor=clerk("vp-ubnd"), at=_moment(self.day))  # fmt: skip

    @rule(days=st.integers(1, 4))
    def days_go_by(self, days: int) -> None:
        self.day += timedelta(days=days)
        with session_scope(self.engine) as session:
            queue_reminders(session, today=self.day, home=self.home, at=_moment(self.day))
        deliver_outbox(self.engine, settings=DeliverySettings(mailbox=self.home / "mailbox"),
                       now=_moment(self.day))  # fmt: skip

    @invariant()
    def nothing_is_lost(self) -> None:
        with session_scope(self.engine) as session:
            stored = Counter(
                dict(
                    session.execute(
                        select(TaskRow.key, func.count(SubmissionRow.id))
                        .join(SubmissionRow, SubmissionRow.task_id == TaskRow.id)
                        .group_by(TaskRow.key)
                    ).all()
                )
            )
            states = dict(session.execute(select(TaskRow.key, TaskRow.state)).all())
        assert stored == self.versions
        assert {k: states[k] for k in SUPPLIERS} == self.state

    @invariant()
    def one_outbox_row_per_task_and_stage(self) -> None:
        with session_scope(self.engine) as session:
            rows = session.execute(select(OutboxRow.task_id, OutboxRow.stage)).all()
        assert len(rows) == len(set(rows))

    @invariant()
    def the_counts_add_up_to_the_live_tasks(self) -> None:
        with session_scope(self.engine) as session:
            report = status_report(session, as_of=self.day, directive=DIRECTIVE)
            live = session.scalar(
                select(func.count()).select_from(TaskRow).where(~TaskRow.cancelled)
            )
        assert sum(report.total.states.values()) == live


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_interleaved_work_keeps_every_invariant(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    examples = iter(range(10_000))

    class Run(Office):
        def __init__(self) -> None:
            n = next(examples)
            if backend == "sqlite":
                type(self).url = f"sqlite:///{tmp_path / f'office-{n}.db'}"
            else:
                type(self).url = request.getfixturevalue("postgres_url")
                reset_database(self.url)
            type(self).home = tmp_path / f"home-{n}"
            super().__init__()

    run_state_machine_as_test(
        Run,
        settings=settings(
            max_examples=12 if backend == "sqlite" else 6,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
