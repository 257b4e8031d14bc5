"""``python -m directive_flow.cli``."""

import sys

from directive_flow.cli.main import main

sys.exit(main())
