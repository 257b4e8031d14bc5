"""The command line: ``directive-flow COMMAND``, one module per command, each thin.

A command parses its arguments, calls one library step, prints the result on stdout and
problems on stderr; ``main`` maps the exception tree to exit codes.
"""

__all__ = ["main"]


def main() -> int:
    """``directive-flow``: run the command line (see :mod:`directive_flow.cli.main`)."""
    from directive_flow.cli.main import main as run

    return run()
