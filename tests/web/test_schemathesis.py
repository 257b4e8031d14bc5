"""Schemathesis against ``/api/openapi.json``: no generated request gets a server error.

Every operation is called, signed in as an operator (who may do everything, so the most
code runs) with the session's CSRF token, with examples generated from the schema,
positive and negative, a bounded number per operation. Signing out is left out: it would
end the session the other examples use. SQLite only: the store's two kinds are covered
route by route by the other portal tests, and this run is about the HTTP surface.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is a dev dependency")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from web.portal_helpers import (  # noqa: E402
    DIRECTIVE,
    FINAL,
    OPERATOR,
    TASK_A,
    TASK_YT,
    Portal,
    Session,
)

EXAMPLES = 60
KNOWN: dict[str, tuple[object, ...]] = {
    "directive": (DIRECTIVE,),
    "task": (TASK_YT, TASK_A, FINAL),
    "attachment": (1,),
    "report": (1,),
    "kind": ("docx", "md"),
}


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only (see the module docstring)."""
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def operator_session(portal: Portal) -> Session:
    """The signed-in operator whose cookie and token every call carries."""
    return portal.sign_in(OPERATOR)


def test_no_request_gets_a_server_error(portal: Portal, operator_session: Session) -> None:
    api = schemathesis.openapi.from_url(f"{portal.url}/api/openapi.json")
    cookies = dict(operator_session.client.cookies.items())
    failures: list[str] = []
    answered: dict[str, set[int]] = {}
    operations = [r.ok() for r in api.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        if operation.path == "/api/sign-out":
            continue

        @given(case=operation.as_strategy(), real=st.booleans(), pick=st.integers(0, 2))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any, real: bool, pick: int) -> None:
            if real:  # half the examples name things that exist, to get past the 404s
                for name, values in KNOWN.items():
                    if name in (case.path_parameters or {}):
                        case.path_parameters[name] = values[pick % len(values)]
            response = case.call(headers=operator_session.csrf, cookies=cookies)
            answered.setdefault(case.operation.label, set()).add(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{response.status_code}: {case.as_curl_command()}")

        call()
    assert failures == []
    print({label: sorted(codes) for label, codes in answered.items()})
    reached = [label for label, codes in answered.items() if any(c < 300 for c in codes)]
    assert len(reached) >= 8, answered  # the examples get past validation, not only 4xx
