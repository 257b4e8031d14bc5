"""Serve every deployment from this process: ``python -m flows.serve [DEFINITIONS]``.

Run against a Prefect server (PREFECT_API_URL); ``directive-flow up`` starts a local
server, this and the portal together. The dashboards are published once at start, so
the operators' artifacts show the registered directives without waiting for 18:00.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from prefect import serve

from directive_flow.bundled import examples
from flows.activate import DEFINITIONS_ENV
from flows.dashboard import dashboard
from flows.deployments import deployments


def main(argv: list[str]) -> None:
    """Publish the dashboards, then serve until interrupted (``argv[0]``: definitions)."""
    folder = argv[0] if argv else str(examples())
    os.environ[DEFINITIONS_ENV] = str(Path(folder).resolve())  # the runs' activate reads it
    dashboard()
    serve(*deployments(folder), limit=4)


if __name__ == "__main__":
    main(sys.argv[1:])
