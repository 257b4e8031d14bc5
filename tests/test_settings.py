"""Settings: one table of variables, secrets kept secret, one time zone, one reset."""

from __future__ import annotations

from pathlib import Path

import pytest

from directive_flow import settings as settings_module
from directive_flow.errors import SettingsError
from directive_flow.settings import get_settings, reset, settings_from


def test_defaults_follow_the_home(tmp_path: Path) -> None:
    settings = settings_from({"DIRECTIVE_FLOW_HOME": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'directive-flow.db'}"
    assert settings.mailbox == tmp_path / "mailbox"
    assert str(settings.zone) == "Asia/Ho_Chi_Minh"


def test_an_env_file_is_read_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = tmp_path / "directive-flow.env"
    env.write_text(
        "DIRECTIVE_FLOW_SMTP_URL=mailtos://u:hunter2@smtp.example.vn\n"
        "DIRECTIVE_FLOW_TIMEZONE=Asia/Bangkok\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DIRECTIVE_FLOW_ENV_FILE", str(env))
    monkeypatch.setenv("DIRECTIVE_FLOW_TIMEZONE", "Asia/Ho_Chi_Minh")
    monkeypatch.setenv("DIRECTIVE_FLOW_OPERATORS", " A@x.vn, b@x.vn ,")
    reset()
    try:
        settings = get_settings()
        assert settings.smtp_url is not None
        assert settings.smtp_url.get_secret_value().endswith("@smtp.example.vn")
        assert "hunter2" not in repr(settings)
        assert settings.timezone == "Asia/Ho_Chi_Minh"
        assert settings.operator_emails == {"a@x.vn", "b@x.vn"}
    finally:
        reset()


def test_an_unknown_zone_is_refused_by_its_variable_name() -> None:
    with pytest.raises(SettingsError) as caught:
        settings_from({"DIRECTIVE_FLOW_TIMEZONE": "Mars/Olympus"})
    assert str(caught.value) == (
        "DIRECTIVE_FLOW_TIMEZONE: unknown time zone 'Mars/Olympus' (e.g. Asia/Ho_Chi_Minh)"
    )


def test_the_process_settings_name_the_variable_and_a_missing_env_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DIRECTIVE_FLOW_TIMEZONE", "Nowhere")
    reset()
    try:
        with pytest.raises(SettingsError, match=r"^DIRECTIVE_FLOW_TIMEZONE: unknown time zone"):
            get_settings()
        monkeypatch.delenv("DIRECTIVE_FLOW_TIMEZONE")
        monkeypatch.setenv("DIRECTIVE_FLOW_ENV_FILE", str(tmp_path / "absent.env"))
        reset()
        with pytest.raises(SettingsError, match="DIRECTIVE_FLOW_ENV_FILE: no such file"):
            get_settings()
    finally:
        monkeypatch.delenv("DIRECTIVE_FLOW_ENV_FILE", raising=False)
        reset()


def test_reset_forgets_every_cache_built_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    forgotten: list[str] = []
    monkeypatch.setattr(settings_module, "_RESETS", [lambda: forgotten.append("x")])
    first = get_settings()
    reset()
    assert forgotten == ["x"]
    assert get_settings() is not first


def test_the_operations_guide_lists_every_setting() -> None:
    from directive_flow.settings import Settings

    guide = (Path(__file__).parents[1] / "docs" / "operations.md").read_text(encoding="utf-8")
    for name in [*Settings.model_fields, "env_file"]:
        assert f"`DIRECTIVE_FLOW_{name.upper()}`" in guide, name


def test_the_instance_is_the_portal_host_unless_named() -> None:
    assert settings_from({}).instance == "127.0.0.1"
    staging = settings_from({"DIRECTIVE_FLOW_PORTAL_URL": "https://Staging.KonTum.gov.vn/cong"})
    assert staging.instance == "staging.kontum.gov.vn"
    named = {"DIRECTIVE_FLOW_PORTAL_URL": "https://a.vn", "DIRECTIVE_FLOW_INSTANCE": "prod-1.vn"}
    assert settings_from(named).instance == "prod-1.vn"
    assert settings_from({"DIRECTIVE_FLOW_PORTAL_URL": "http://[::1]:8200"}).instance == (
        "directive-flow"  # no host name to borrow
    )


def test_an_instance_that_cannot_stand_in_a_message_id_is_refused() -> None:
    with pytest.raises(SettingsError) as caught:
        settings_from({"DIRECTIVE_FLOW_INSTANCE": "Sở Y tế"})
    assert str(caught.value) == (
        "DIRECTIVE_FLOW_INSTANCE: 'Sở Y tế' is not a host name (lowercase letters, digits, "
        "dots and hyphens, e.g. nhacviec.kontum.gov.vn)"
    )
