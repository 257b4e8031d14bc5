"""Fixtures: a real SMTP server and a real HTTP listener on loopback, started per test."""

from __future__ import annotations

import pytest
from notify.servers import SmtpSink

from directive_flow.notify import DeliverySettings


@pytest.fixture
def settings(smtp_sink: SmtpSink) -> DeliverySettings:
    """Delivery through the test SMTP server."""
    return DeliverySettings(smtp_url=smtp_sink.url(), sender_name="Văn phòng UBND tỉnh Kon Tum")
