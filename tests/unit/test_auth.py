"""Detail-view access: with a password secret, without any secret, with an OIDC provider."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from atlas.ui import auth

PASSWORD = "kata-sandi-rahasia"


def gate_app() -> None:
    from functools import partial

    import streamlit as st

    from atlas.i18n import t
    from atlas.ui.auth import detail_access_gate, detail_access_granted

    opened = detail_access_gate(partial(t, lang="en"))
    st.text(f"gate={opened} granted={detail_access_granted()}")
    if opened:
        st.text("PERSONAL: Siti, siti@example.org")


def run_gate(secrets: dict | None = None) -> AppTest:
    at = AppTest.from_function(gate_app, default_timeout=30)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    return at.run()


def texts(at: AppTest) -> list[str]:
    return [element.value for element in at.text]


def test_without_any_secret_the_detail_view_is_disabled():
    at = run_gate()
    assert not at.exception
    assert texts(at) == ["gate=False granted=False"]
    assert at.info[0].value == "The detail view is not open on this dashboard."
    assert len(at.text_input) == 0


def test_password_form_opens_the_detail_view_with_the_right_password():
    at = run_gate({"detail_password": PASSWORD})
    assert texts(at) == ["gate=False granted=False"]
    at.text_input(key=auth.PASSWORD_WIDGET_KEY).input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert "gate=True granted=True" in texts(at)
    assert "PERSONAL: Siti, siti@example.org" in texts(at)
    # stays open on the next run of the same session, and can be closed again
    at.run()
    assert "gate=True granted=True" in texts(at)
    at.button(key="atlas_detail_lock").click().run()
    assert texts(at) == ["gate=False granted=False"]


def test_wrong_password_keeps_the_detail_view_closed():
    at = run_gate({"detail_password": PASSWORD})
    at.text_input(key=auth.PASSWORD_WIDGET_KEY).input(PASSWORD + "x")
    at.button[0].click().run()
    assert texts(at) == ["gate=False granted=False"]
    assert at.error[0].value == "Wrong password."


def test_too_many_wrong_passwords_lock_the_form():
    at = run_gate({"detail_password": PASSWORD})
    for _ in range(auth.MAX_ATTEMPTS):
        at.text_input(key=auth.PASSWORD_WIDGET_KEY).input("nope")
        at.button[0].click().run()
    at.run()
    assert len(at.text_input) == 0
    assert "Too many wrong attempts" in at.error[0].value
    assert texts(at) == ["gate=False granted=False"]


def test_oidc_configuration_asks_for_login_instead_of_a_password():
    at = run_gate(
        {
            "detail_password": PASSWORD,
            "auth": {
                "redirect_uri": "http://localhost:8501/oauth2callback",
                "cookie_secret": "x" * 32,
                "client_id": "atlas",
                "client_secret": "secret",
                "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
            },
        }
    )
    assert not at.exception
    assert texts(at) == ["gate=False granted=False"]
    assert "Log in" in at.info[0].value
    assert at.button(key="atlas_detail_login").label == "Log in"
    assert len(at.text_input) == 0  # no password form when login is configured


@pytest.mark.parametrize(
    ("entered", "expected"), [(PASSWORD, True), (PASSWORD[:-1], False), ("", False)]
)
def test_password_matches_compares_exactly(entered: str, expected: bool):
    assert auth.password_matches(entered, PASSWORD) is expected


def test_a_forwarded_header_from_an_unknown_peer_does_not_change_the_client():
    # Straight from the internet: an invented X-Forwarded-For must not reset the count.
    trusted = frozenset()
    assert auth.lockout_client("1.2.3.4", "203.0.113.9", trusted) == "203.0.113.9"
    assert auth.lockout_client("5.6.7.8", "203.0.113.9", trusted) == "203.0.113.9"


def test_a_forwarded_header_from_our_own_proxy_names_the_client():
    # nginx on the same machine (Streamlit reports no address for a loopback peer) or a listed
    # proxy: the last hop is the address that proxy saw; anything before it is the client's own.
    assert auth.lockout_client("9.9.9.9, 198.51.100.7", None, frozenset()) == "198.51.100.7"
    listed = frozenset({"10.0.0.2"})
    assert auth.lockout_client("198.51.100.7", "10.0.0.2", listed) == "198.51.100.7"
    assert auth.lockout_client("", "10.0.0.2", listed) == "10.0.0.2"
    assert auth.lockout_client("", None, frozenset()) == "local"


def test_trusted_proxies_come_from_the_environment(monkeypatch):
    monkeypatch.setenv(auth.TRUSTED_PROXIES_ENV, "10.0.0.2, 10.0.0.3")
    assert auth.trusted_proxies() == frozenset({"10.0.0.2", "10.0.0.3"})
    monkeypatch.delenv(auth.TRUSTED_PROXIES_ENV)
    assert auth.trusted_proxies() == frozenset()
