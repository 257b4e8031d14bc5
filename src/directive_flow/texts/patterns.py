"""What the pattern tables that put English messages into Vietnamese share.

:mod:`~directive_flow.texts.refusals` (the steps' refusals) and
:mod:`~directive_flow.texts.definitions` (the problems of definition files) each hold a
table of fullmatch patterns and Vietnamese templates; numbers written the English way in
what they match are written the Vietnamese way here.
"""

from __future__ import annotations

import re

__all__ = ["THOUSANDS", "vn_thousands"]

THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
"""A thousands comma as English writes it (``1,000,000``); Vietnamese writes a dot."""


def vn_thousands(text: str) -> str:
    """``2,097,152`` -> ``2.097.152``: the thousands commas of ``text`` as dots."""
    return THOUSANDS.sub(".", text)
