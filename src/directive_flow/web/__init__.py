"""The agencies' portal: sign-in by e-mail link, tasks, forms, review, boards, downloads.

FastAPI and Jinja2, server-rendered HTML that works without JavaScript, every page with
a JSON twin under ``/api`` (OpenAPI at ``/api/openapi.json``). Routes are as thin as the
CLI's commands: they parse, call one step with the signed-in person's
:class:`~directive_flow.domain.Actor`, and render; the steps check every right. Build
the app with :func:`create_app` (nothing is built at import time); ``directive-flow
portal`` serves it. See docs/portal.md.
"""

from directive_flow.web.app import create_app

__all__ = ["create_app"]
