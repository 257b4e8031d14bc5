"""The automations that notice dead runs: ``python -m flows.automations`` (after each deploy).

A flow run started by a worker sends a heartbeat event every
``PREFECT_FLOWS_HEARTBEAT_FREQUENCY`` seconds (30 on our workers, the least Prefect allows).
When a machine dies, or loses the network, with its worker and flow process, nothing else
ever moves the run out of Running. Following Prefect's guide "How to detect and respond to
zombie flows", a proactive trigger per flow run fires when a heartbeat is followed, within
``SILENCE`` (three heartbeats; ``--silence SECONDS`` sets another), by neither another
heartbeat nor a final state:

- ``directive-flow-dead-runs``: every deployment but ``remind``: the run is marked Crashed,
  which frees its deployment's concurrency slot. It is not run again: ``collect`` runs every
  15 minutes anyway, the others are run again by their schedule or an operator.
- ``directive-flow-dead-remind``: a ``remind`` run is marked Crashed and ``remind`` is run
  again ``REMIND_AGAIN_AFTER`` later, once the outbox leases of the messages the dead run
  held (``steps.deliver.LEASE``, renewed at each message) have run out: they go out the same
  day, not at the next working day's 08:00. The run again has the dead run's parameters
  (``AGAIN``: its day and its registry), so it finishes that work, not today's for every
  registry. At most the message in flight repeats, with the same Message-ID.

A run whose flow process ends while its worker lives is reported Crashed by the worker
itself (a final state: these triggers stay quiet). Each automation is created, or updated
in place when one of that name exists, so running this twice changes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import timedelta

from prefect.automations import Automation
from prefect.client.schemas.objects import StateType
from prefect.events.actions import ActionTypes, ChangeFlowRunState, RunDeployment
from prefect.events.schemas.automations import EventTrigger, Posture
from prefect.events.schemas.events import ResourceSpecification

__all__ = [
    "AGAIN",
    "DEAD_REMIND",
    "DEAD_RUNS",
    "REMIND_AGAIN_AFTER",
    "SILENCE",
    "automations",
    "install",
    "main",
]

DEAD_RUNS = "directive-flow-dead-runs"
DEAD_REMIND = "directive-flow-dead-remind"
SILENCE = timedelta(seconds=90)  # three missed heartbeats at 30 s
REMIND_AGAIN_AFTER = timedelta(minutes=6)  # the 5-minute outbox lease, and a margin
CRASHED = "Mất nhịp tim quá 90 giây: máy chạy đã dừng hoặc mất mạng (directive-flow)."
# The run again does the dead run's work: its day and its registry (Prefect renders these
# templates with the dead run as ``flow_run``; a parameter it was not given keeps its default).
AGAIN = {
    "day": "{{ flow_run.parameters.get('day') }}",
    "registry": "{{ flow_run.parameters.get('registry', '') }}",
}
_FINAL = ("Completed", "Failed", "Cancelled", "Crashed")


def automations(silence: timedelta = SILENCE) -> list[Automation]:
    """Both automations, as they should stand on the server."""
    return [
        _silent(
            DEAD_RUNS,
            "Đánh dấu Crashed các lượt chạy mất nhịp tim (trừ nhắc việc).",
            flow="!remind",
            silence=silence,
            actions=[_crash()],
        ),
        _silent(
            DEAD_REMIND,
            "Lượt nhắc việc mất nhịp tim: đánh dấu Crashed, chạy lại sau 6 phút "
            "(khi hết hạn giữ thư trong hộp thư đi).",
            flow="remind",
            silence=silence,
            actions=[
                _crash(),
                RunDeployment(
                    source="inferred", schedule_after=REMIND_AGAIN_AFTER, parameters=AGAIN
                ),
            ],
        ),
    ]


async def install(silence: timedelta = SILENCE) -> list[str]:
    """Create each automation, or update the one of its name; one line per automation.

    Prefect's sync ``Automation.read`` is typed as a coroutine: the async API is used.
    """
    done = []
    for automation in automations(silence):
        try:
            existing = await Automation.aread(name=automation.name)
        except ValueError:  # Prefect's "not found" for a name
            await automation.acreate()
            done.append(f"created {automation.name}")
        else:
            automation.id = existing.id
            await automation.aupdate()
            done.append(f"updated {automation.name}")
    return done


def _silent(
    name: str, description: str, *, flow: str, silence: timedelta, actions: list[ActionTypes]
) -> Automation:
    """Fire when a run of ``flow`` (a pattern; ``!`` negates) stops sending heartbeats."""
    trigger = EventTrigger(
        match=ResourceSpecification({"prefect.resource.id": "prefect.flow-run.*"}),
        match_related=ResourceSpecification(
            {"prefect.resource.role": "flow", "prefect.resource.name": flow}
        ),
        after={"prefect.flow-run.heartbeat"},
        expect={"prefect.flow-run.heartbeat", *(f"prefect.flow-run.{s}" for s in _FINAL)},
        for_each={"prefect.resource.id"},
        posture=Posture.Proactive,
        threshold=1,
        within=silence,
    )
    return Automation(name=name, description=description, trigger=trigger, actions=actions)


def _crash() -> ChangeFlowRunState:
    return ChangeFlowRunState(state=StateType.CRASHED, name="Crashed", message=CRASHED)


def main(argv: list[str] | None = None) -> None:
    """Install the automations on the server of PREFECT_API_URL and say what was done."""
    parser = argparse.ArgumentParser(prog="python -m flows.automations", description=__doc__)
    parser.add_argument(
        "--silence",
        type=int,
        default=int(SILENCE.total_seconds()),
        metavar="SECONDS",
        help="a run without a heartbeat for this long is dead (default: %(default)s; more "
        "than PREFECT_FLOWS_HEARTBEAT_FREQUENCY, with room for a late one)",
    )
    args = parser.parse_args(argv)
    for line in asyncio.run(install(timedelta(seconds=args.silence))):
        print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
