"""Fixtures: a real SMTP server and a real HTTP listener on loopback, started per test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest
from notify.servers import CountingController, HttpSink, SmtpSink, free_port, http_handler

from directive_flow.notify import DeliverySettings


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """A real SMTP server on loopback; ``connections`` starts at zero."""
    sink = SmtpSink(port=free_port())
    controller = CountingController(sink, sink.port)
    controller.start()
    sink.connections = 0  # start() makes one probe connection of its own
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def settings(smtp_sink: SmtpSink) -> DeliverySettings:
    """Delivery through the test SMTP server."""
    return DeliverySettings(smtp_url=smtp_sink.url(), sender_name="Văn phòng UBND tỉnh Kon Tum")


@pytest.fixture
def http_sink() -> Iterator[HttpSink]:
    """A real HTTP listener on loopback, in a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), http_handler(HttpSink(port=0)))
    sink = HttpSink(port=int(server.server_address[1]))
    server.RequestHandlerClass = http_handler(sink)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
