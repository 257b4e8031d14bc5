"""The Prefect flow around a step vs the library step alone, in the same run.

Registers the reference notice, then times `remind(day)` as a Prefect flow (under the test
harness: a real API server on SQLite) against calling `queue_reminders` + `deliver_outbox`
directly, on days with nothing new to send, so both do the same database work.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RUNS = 20


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            PREFECT_HOME=f"{tmp}/prefect",
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            DIRECTIVE_FLOW_HOME=f"{tmp}/home",
            DIRECTIVE_FLOW_DATABASE_URL=f"sqlite:///{tmp}/store.db",
        )
        from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
        from prefect.testing.utilities import prefect_test_harness

        from directive_flow.domain import Actor, Channel
        from directive_flow.notify import DeliverySettings
        from directive_flow.settings import get_settings
        from directive_flow.steps.activate import register_paths
        from directive_flow.steps.deliver import deliver_outbox
        from directive_flow.steps.remind import queue_reminders
        from directive_flow.store.db import open_store, session_scope
        from flows.remind import remind

        engine = open_store(get_settings().database_url)
        reference = ROOT / "definitions" / "directives" / "kontum" / "2014-975-tb-vp.yaml"
        register_paths(
            engine,
            paths=[reference],
            actor=Actor.as_operator("bench", Channel.CLI),
            as_of=date(2014, 7, 10),
        )
        day = date(2014, 7, 11)  # a working day with no reminder due

        def library() -> None:
            with session_scope(engine) as session:
                queue_reminders(session, today=day)
            deliver_outbox(engine, settings=DeliverySettings.from_settings(get_settings()))

        with (
            prefect_test_harness(server_startup_timeout=120),
            temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
        ):
            remind(day=day)  # warm up the client and the server
            flow_s = _times(lambda: remind(day=day))
        library_s = _times(library)
    print(f"library step (queue + deliver), median of {RUNS}: {library_s * 1000:7.1f} ms")
    print(f"remind flow around it,          median of {RUNS}: {flow_s * 1000:7.1f} ms")
    print(
        f"overhead of the flow: {(flow_s - library_s) * 1000:.0f} ms per run ({flow_s / library_s:.0f}x)"
    )


def _times(fn: object) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


if __name__ == "__main__":
    main()
