"""The portal renders the templates of the release it started with."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from directive_flow.settings import get_settings
from directive_flow.web import render


def test_templates_are_read_once_at_start_not_again_from_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES, copy)
    monkeypatch.setattr(render, "TEMPLATES", copy)
    templates = render.make_templates(get_settings())
    context = {"view": {"email": "", "message": None}, "contact": None, "csrf": ""}
    before = templates.env.get_template("sign_in.html").render(context)
    assert "Gửi liên kết đăng nhập" in before
    page = copy / "sign_in.html"  # an upgrade writes new files beside the running code
    page.write_text(page.read_text("utf-8").replace("Gửi liên kết", "{{ view.nothing.here }}"))
    (copy / "base.html").unlink()
    assert templates.env.get_template("sign_in.html").render(context) == before
