"""Identity: the same answer for every address, one-time links, cookies, sessions, limits."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select, update
from web.portal_helpers import DIRECTIVE, HEALTH, ISSUER, LEAD, OPERATOR, TASK_YT, Portal

from directive_flow.notify.mailbox import read_mailbox
from directive_flow.store.db import session_scope
from directive_flow.store.tables import PortalSessionRow, SignInTokenRow


def test_known_and_unknown_addresses_get_the_same_answer_and_only_one_gets_mail(
    portal: Portal,
) -> None:
    client = portal.client()
    known = client.post("/sign-in", data={"email": HEALTH})
    unknown = client.post("/sign-in", data={"email": "nobody@example.vn"})
    assert known.status_code == unknown.status_code == 200
    assert known.text.replace(HEALTH, "X") == unknown.text.replace("nobody@example.vn", "X")
    portal.link_for(HEALTH)
    time.sleep(0.3)
    assert [letter.to for letter in read_mailbox(portal.mailbox)] == [HEALTH]
    api = client.post("/api/sign-in", json={"email": "nobody@example.vn"})
    assert api.status_code == 202


def test_addresses_match_whatever_the_case_and_accents(portal: Portal) -> None:
    client = portal.client()
    assert client.post("/sign-in", data={"email": "  VanThu@SoYte.Example.VN "}).status_code == 200
    assert portal.link_for(HEALTH)


def test_a_link_works_once_and_the_token_is_stored_hashed(portal: Portal, engine: Engine) -> None:
    client = portal.client()
    client.post("/sign-in", data={"email": LEAD})
    link = portal.link_for(LEAD).removeprefix(portal.url)
    token = link.rsplit("/", 1)[1]
    with session_scope(engine) as session:
        stored = session.scalars(select(SignInTokenRow.token_hash)).all()
    assert token not in stored
    assert len(stored) == 1
    assert len(stored[0]) == 64
    assert client.get(link).status_code == 303
    again = portal.client().get(link)
    assert again.status_code == 403
    assert "Liên kết không dùng được" in again.text


def test_the_session_answer_has_the_contract_shape(portal: Portal) -> None:
    me = portal.sign_in(ISSUER).me
    assert me["agency"] == "vp-ubnd"
    assert me["email"] == ISSUER
    assert me["roles"] == ["contact", "issuer", "reviewer"]
    assert isinstance(me["csrf_token"], str)
    assert len(me["csrf_token"]) > 20
    assert portal.sign_in(OPERATOR).me["roles"] == ["operator"]


def test_the_cookie_is_httponly_lax_and_signed(portal: Portal) -> None:
    client = portal.client()
    client.post("/sign-in", data={"email": HEALTH})
    answer = client.get(portal.link_for(HEALTH).removeprefix(portal.url))
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("df_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP here; see the HTTPS test
    forged = portal.client()
    value = client.cookies["df_session"]
    forged.cookies.set("df_session", value[:-3] + "AAA", domain="127.0.0.1", path="/")
    assert forged.get("/api/session").status_code == 401


def test_a_cookie_brought_before_sign_in_is_never_the_session(portal: Portal) -> None:
    first = portal.sign_in(HEALTH)
    planted = first.client.cookies["df_session"]
    client = portal.client()
    client.cookies.set("df_session", planted, domain="127.0.0.1", path="/")
    client.post("/sign-in", data={"email": LEAD})
    client.get(portal.link_for(LEAD).removeprefix(portal.url))
    assert client.cookies["df_session"] != planted
    assert client.get("/api/session").json()["agency"] == "so-ldtbxh"
    assert first.get("/api/session").status_code == 401  # the planted session was ended


def test_sign_out_ends_the_session(portal: Portal) -> None:
    session = portal.sign_in(HEALTH)
    assert session.post("/api/sign-out").status_code == 200
    assert session.get("/api/session").status_code == 401


def test_an_idle_session_ends(portal: Portal, engine: Engine) -> None:
    session = portal.sign_in(HEALTH)
    with session_scope(engine) as db:
        long_ago = datetime.now(UTC) - timedelta(hours=2)
        db.execute(update(PortalSessionRow).values(last_seen_at=long_ago))
    assert session.get("/api/session").status_code == 401
    page = session.get("/tasks")
    assert page.status_code == 303
    assert page.headers["location"] == "/sign-in"


def test_an_operator_ends_a_contacts_sessions(portal: Portal) -> None:
    clerk = portal.sign_in(HEALTH)
    operator = portal.sign_in(OPERATOR)
    refused = clerk.post("/api/contacts/revoke", {"email": HEALTH})
    assert refused.status_code == 403
    done = operator.post("/api/contacts/revoke", {"email": HEALTH.upper()})
    assert done.status_code == 200
    assert done.json()["sessions_ended"] == 1
    assert clerk.get("/api/session").status_code == 401


def test_sign_in_requests_are_rate_limited_per_address(portal: Portal) -> None:
    client = portal.client()
    codes = [client.post("/sign-in", data={"email": "x@example.vn"}).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    limited = client.post("/sign-in", data={"email": "x@example.vn"})
    assert int(limited.headers["retry-after"]) > 0
    assert "Quá nhiều yêu cầu" in limited.text


def test_state_changes_need_the_csrf_token(portal: Portal) -> None:
    session = portal.sign_in(HEALTH)
    path = f"/api/tasks/{DIRECTIVE}/{TASK_YT}/submissions"
    body = {"data": {"children": 5, "budget": 1}}
    assert session.client.post(path, json=body).status_code == 403
    assert session.post(path, body, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    form = session.client.post(f"/tasks/{DIRECTIVE}/{TASK_YT}/submissions", data={"children": "5"})
    assert form.status_code == 403
    assert session.post(path, body).status_code == 201


def test_a_request_from_another_site_is_refused(portal: Portal) -> None:
    session = portal.sign_in(HEALTH)
    path = f"/api/tasks/{DIRECTIVE}/{TASK_YT}/submissions"
    foreign = session.post(path, {"data": {}}, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403


def test_every_response_carries_the_security_headers(portal: Portal) -> None:
    answer = portal.client().get("/sign-in")
    csp = answer.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src" not in csp
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "same-origin"
    assert answer.headers["cache-control"] == "no-store"
    assert "<script" not in answer.text
