"""Access to the detail view with personal fields.

Three configurations, read from `st.secrets`:

- `[auth]` with an OIDC provider (what `st.login` needs): the detail view opens for a logged-in
  user (`st.user.is_logged_in`); if `detail_allowed_emails` lists addresses, only for those.
- `detail_password = "..."`: a password form; the entry is compared with the secret by
  `hmac.compare_digest` (constant time). Unlocking lasts for this browser session only. Wrong
  entries are counted per client (the connection's address; behind a proxy of ours, the address
  that proxy saw, from X-Forwarded-For — see `lockout_client`) in the store's database, so
  reloading the page or reaching another replica does not reset them: after MAX_ATTEMPTS within
  LOCKOUT_WINDOW the form is locked for that client until the window has passed. Without the
  database the count falls back to the session.
- neither: the detail view is disabled and says so.

`detail_access_granted()` answers without drawing anything; `detail_access_gate(t)` draws the
login button / password form / notice where the detail view would be and returns the same answer.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import os
from collections.abc import Callable, Mapping

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from atlas.ui.context import StateKeys

PASSWORD_SECRET = "detail_password"
ALLOWED_EMAILS_SECRET = "detail_allowed_emails"
AUTH_SECTION = "auth"
MAX_ATTEMPTS = 5
LOCKOUT_WINDOW = dt.timedelta(minutes=15)
LOGGER = logging.getLogger("atlas.ui")
FAILED_ATTEMPTS_KEY = "atlas_detail_failed_attempts"
PASSWORD_WIDGET_KEY = "atlas_detail_password"
OUTCOME_KEY = "atlas_detail_outcome"  # "unlocked" | "wrong": the last form submission


def _secrets() -> Mapping:
    """st.secrets as a mapping; empty when the app has no secrets file at all."""
    try:
        return {key: st.secrets[key] for key in st.secrets}
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return {}


def configured_password() -> str | None:
    value = _secrets().get(PASSWORD_SECRET)
    return value if isinstance(value, str) and value else None


def oidc_providers() -> list[str | None]:
    """Providers st.login can use: named sub-sections of [auth] with a client_id, or [None]
    when [auth] itself holds the single provider's settings."""
    section = _secrets().get(AUTH_SECTION)
    if not isinstance(section, Mapping):
        return []
    named = [
        name
        for name, value in section.items()
        if isinstance(value, Mapping) and "client_id" in value
    ]
    if named:
        return named
    return [None] if "client_id" in section else []


def _user_logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except (AttributeError, KeyError):
        return False


def _email_allowed() -> bool:
    allowed = _secrets().get(ALLOWED_EMAILS_SECRET)
    if not allowed:
        return True
    email = str(getattr(st.user, "email", "") or "").strip().lower()
    return email in {str(address).strip().lower() for address in allowed}


def password_matches(entered: str, secret: str) -> bool:
    """Constant-time comparison of the entry with the secret."""
    return hmac.compare_digest(entered.encode("utf-8"), secret.encode("utf-8"))


def detail_access_granted() -> bool:
    """True when this session unlocked the detail view (password from st.secrets or st.login)."""
    if oidc_providers():
        return _user_logged_in() and _email_allowed()
    if configured_password() is None:
        return False
    return bool(st.session_state.get(StateKeys.DETAIL_ACCESS, False))


def lock_detail_view() -> None:
    st.session_state[StateKeys.DETAIL_ACCESS] = False


TRUSTED_PROXIES_ENV = "ATLAS_TRUSTED_PROXIES"


def trusted_proxies() -> frozenset[str]:
    """Addresses whose X-Forwarded-For is believed: $ATLAS_TRUSTED_PROXIES (comma-separated)."""
    raw = os.environ.get(TRUSTED_PROXIES_ENV, "")
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


def lockout_client(forwarded: str, peer: str | None, trusted: frozenset[str]) -> str:
    """The client a wrong password is counted against.

    X-Forwarded-For is a request header anyone can write, so it is believed only when the
    connection comes from a proxy we run: from this machine (Streamlit reports no address for a
    loopback peer, which is how nginx in deploy/ reaches a replica) or from an address listed in
    $ATLAS_TRUSTED_PROXIES. Its last hop is the address that proxy saw. Otherwise the
    connection's own address counts, so a client cannot dodge the count by inventing headers."""
    peer = peer if isinstance(peer, str) and peer else None
    if peer is None or peer in trusted:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1][:200]
    return peer[:200] if peer else "local"


def client_id() -> str:
    """Who is knocking (see lockout_client)."""
    try:
        forwarded = st.context.headers.get("X-Forwarded-For", "") or ""
    except (AttributeError, KeyError, RuntimeError):
        forwarded = ""
    try:
        address = st.context.ip_address
    except (AttributeError, RuntimeError):
        address = None
    return lockout_client(
        forwarded if isinstance(forwarded, str) else "", address, trusted_proxies()
    )


def _store():
    from atlas.ui.loaders import atlas_store, cached_gazetteer

    return atlas_store(cached_gazetteer())


def failed_attempts() -> int:
    """Wrong entries of this client (the database's count, or this session's without it)."""
    session_count = int(st.session_state.get(FAILED_ATTEMPTS_KEY, 0))
    try:
        return max(session_count, _store().failed_attempts(client_id(), LOCKOUT_WINDOW))
    except (SQLAlchemyError, OSError, ValueError):
        LOGGER.exception("the lock-out counters cannot be read")
        return session_count


def _record_failure() -> None:
    st.session_state[FAILED_ATTEMPTS_KEY] = int(st.session_state.get(FAILED_ATTEMPTS_KEY, 0)) + 1
    try:
        _store().record_failed_attempt(client_id(), LOCKOUT_WINDOW)
    except (SQLAlchemyError, OSError, ValueError):
        LOGGER.exception("a failed attempt cannot be recorded")


def _clear_failures() -> None:
    st.session_state[FAILED_ATTEMPTS_KEY] = 0
    try:
        _store().clear_failed_attempts(client_id())
    except (SQLAlchemyError, OSError, ValueError):
        LOGGER.exception("the lock-out counter cannot be cleared")


def access_author() -> str:
    """Who publishes: the signed-in e-mail (st.login), else the password holder's client."""
    if oidc_providers() and _user_logged_in():
        return str(getattr(st.user, "email", "") or "signed-in user")[:200]
    return f"password holder ({client_id()})"[:200]


def detail_access_gate(t: Callable[..., str]) -> bool:
    """Draw what stands in front of the detail view and return whether it is open.

    `t` is the page's translation function (PageContext.t)."""
    providers = oidc_providers()
    if providers:
        if not _user_logged_in():
            st.info(t("auth.login_needed"))
            if st.button(t("auth.login_button"), key="atlas_detail_login"):
                provider = providers[0]
                if provider is None:
                    st.login()
                else:
                    st.login(provider)
            return False
        if not _email_allowed():
            st.warning(t("auth.not_allowed"))
            return False
        return True

    secret = configured_password()
    if secret is None:
        st.info(t("auth.disabled"))
        return False
    outcome = st.session_state.pop(OUTCOME_KEY, None)
    if st.session_state.get(StateKeys.DETAIL_ACCESS, False):
        if outcome == "unlocked":
            st.success(t("auth.unlocked"))
        st.button(t("auth.lock_button"), key="atlas_detail_lock", on_click=lock_detail_view)
        return True

    if failed_attempts() >= MAX_ATTEMPTS:
        st.error(t("auth.locked_out"))
        return False
    with st.form("atlas_detail_password_form", clear_on_submit=True):
        st.text_input(t("auth.password_label"), type="password", key=PASSWORD_WIDGET_KEY)
        # Checked in the callback, before the next run starts: app.py then already knows the
        # visitor has access (the workspace page joins the navigation in that same run).
        st.form_submit_button(t("auth.unlock_button"), on_click=_check_password, args=(secret,))
    if outcome == "wrong":
        st.error(t("auth.wrong_password"))
    return False


def _check_password(secret: str) -> None:
    """on_click of the password form: unlock, or count a wrong attempt for this client."""
    entered = str(st.session_state.get(PASSWORD_WIDGET_KEY) or "")
    if failed_attempts() >= MAX_ATTEMPTS:
        return
    if password_matches(entered, secret):
        st.session_state[StateKeys.DETAIL_ACCESS] = True
        _clear_failures()
        st.session_state[OUTCOME_KEY] = "unlocked"
    else:
        _record_failure()
        st.session_state[OUTCOME_KEY] = "wrong"
