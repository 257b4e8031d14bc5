"""``directive-flow portal [--host 127.0.0.1] [--port 8200]``: serve the agencies' portal."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from directive_flow.settings import Settings

EXAMPLE = """examples:
  directive-flow portal                          # http://127.0.0.1:8200
  directive-flow portal --host 0.0.0.0 --port 8300 --workers 4   # behind a reverse proxy"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "portal",
        help="serve the agencies' web portal (sign-in by e-mail link, tasks, review, boards)",
        description="Serve the portal on HOST:PORT until Ctrl-C. Without SMTP configured, "
        "sign-in links go to the local mailbox (DIRECTIVE_FLOW_HOME/mailbox), which "
        "operators (DIRECTIVE_FLOW_OPERATORS) read in the portal. See docs/portal.md.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8200, help="port to listen on")
    parser.add_argument(
        "--workers", type=int, default=1, help="worker processes (sessions live in the store)"
    )
    parser.add_argument(
        "--proxy",
        action="store_true",
        help="trust X-Forwarded-For/-Proto from the reverse proxy on this machine",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check the store, print the address, serve."""
    import uvicorn

    from directive_flow.errors import UsageError
    from directive_flow.settings import get_settings
    from directive_flow.store.db import open_store

    if not 0 < args.port < 65536 or args.workers < 1:
        raise UsageError("--port is 1-65535 and --workers at least 1")
    settings = _with_own_address(get_settings(), args.host, args.port)
    open_store(settings.database_url)  # a store that cannot be opened fails here, exit 1
    if args.lang == "en":
        print(f"portal: http://{args.host}:{args.port} (public address {settings.portal_url})")
    else:
        print(
            f"cổng thông tin: http://{args.host}:{args.port} (địa chỉ công khai {settings.portal_url})"
        )
    uvicorn.run(
        "directive_flow.web:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=args.proxy,
        forwarded_allow_ips="127.0.0.1" if args.proxy else None,
        server_header=False,
        log_level="info",
    )
    return 0


def _with_own_address(settings: Settings, host: str, port: int) -> Settings:
    """Without a configured public address, the links in mail point where this portal
    listens (not at the default port). Set in the environment, so workers see it too."""
    from directive_flow.settings import get_settings, reset

    if "portal_url" in settings.model_fields_set:
        return settings
    shown = "127.0.0.1" if host in {"0.0.0.0", "::", ""} else host
    if ":" in shown:
        shown = f"[{shown}]"
    os.environ["DIRECTIVE_FLOW_PORTAL_URL"] = f"http://{shown}:{port}"
    reset()
    return get_settings()
