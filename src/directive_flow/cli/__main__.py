"""``python -m directive_flow.cli``."""

from directive_flow.cli.main import entry

entry()
