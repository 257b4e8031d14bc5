"""The Prefect flow around a step vs the library step alone, in the same run.

Registers the reference notice, then times `remind(day)` as a Prefect flow (under the test
harness: a real API server on SQLite) against calling `queue_reminders` + `deliver_outbox`
directly, on days with nothing new to send, so both do the same database work. The flow
runs as deployed (the flow-run heartbeat on, every ``steps.health.HEARTBEAT`` seconds as
our workers set it for the dead-run automations), then with the heartbeat off
(the figure before issue 11, and what the tests do), then from a cold process: a new
interpreter per run, as a process work pool starts one.
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
RUNS = 10


def main() -> None:
    from directive_flow.steps.health import HEARTBEAT

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            PREFECT_FLOWS_HEARTBEAT_FREQUENCY=str(HEARTBEAT),
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

        with prefect_test_harness(server_startup_timeout=120):
            remind(day=day)  # warm up the client and the server
            deployed_s = _times(lambda: remind(day=day))
            with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
                quiet_s = _times(lambda: remind(day=day))
            cold_s = _cold(day, 5)
        library_s = _times(library)
    print(f"library step (queue + deliver), median of {RUNS}: {library_s * 1000:7.1f} ms")
    print(f"remind flow as deployed (heartbeat on)     : {deployed_s * 1000:7.1f} ms")
    print(f"remind flow, heartbeat off (old figure)    : {quiet_s * 1000:7.1f} ms")
    print(f"remind from a cold process, median of 5    : {cold_s * 1000:7.1f} ms")
    print(f"overhead as deployed: {(deployed_s - library_s) * 1000:.0f} ms per run; "
          f"of which the heartbeat {(deployed_s - quiet_s) * 1000:.0f} ms; "
          f"cold start adds {(cold_s - deployed_s) * 1000:.0f} ms")  # fmt: skip


def _cold(day: date, runs: int) -> float:
    """A new interpreter per run (imports, client, flow), against the harness's server."""
    import subprocess

    from prefect.settings import get_current_settings

    api = str(get_current_settings().api.url)
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); from datetime import date; "
        f"from flows.remind import remind; remind(day=date({day.year}, {day.month}, {day.day}))"
    )
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                       env=os.environ | {"PREFECT_API_URL": api})  # fmt: skip
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _times(fn: object) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


if __name__ == "__main__":
    main()
