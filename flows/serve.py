"""Serve every deployment from this process: ``python -m flows.serve``.

Run it from the project root against a Prefect server (PREFECT_API_URL); ``directive-flow
up`` starts a local server and this together.
"""

from __future__ import annotations

import sys

from prefect import serve

from flows.deployments import deployments


def main(argv: list[str]) -> None:
    """Serve until interrupted; the first argument overrides the definitions folder."""
    serve(*deployments(argv[0] if argv else "definitions/"), limit=4)


if __name__ == "__main__":
    main(sys.argv[1:])
