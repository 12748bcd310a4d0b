"""Access to the detail view with personal fields.

Three configurations, read from `st.secrets`:

- `[auth]` with an OIDC provider (what `st.login` needs): the detail view opens for a logged-in
  user (`st.user.is_logged_in`); if `detail_allowed_emails` lists addresses, only for those.
- `detail_password = "..."`: a password form; the entry is compared with the secret by
  `hmac.compare_digest` (constant time). Unlocking lasts for this browser session only, and after
  MAX_ATTEMPTS wrong entries the form stays locked for the session.
- neither: the detail view is disabled and says so.

`detail_access_granted()` answers without drawing anything; `detail_access_gate(t)` draws the
login button / password form / notice where the detail view would be and returns the same answer.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping

import streamlit as st

from atlas.ui.context import StateKeys

PASSWORD_SECRET = "detail_password"
ALLOWED_EMAILS_SECRET = "detail_allowed_emails"
AUTH_SECTION = "auth"
MAX_ATTEMPTS = 5
FAILED_ATTEMPTS_KEY = "atlas_detail_failed_attempts"
PASSWORD_WIDGET_KEY = "atlas_detail_password"


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
    if st.session_state.get(StateKeys.DETAIL_ACCESS, False):
        st.button(t("auth.lock_button"), key="atlas_detail_lock", on_click=lock_detail_view)
        return True

    failed = int(st.session_state.get(FAILED_ATTEMPTS_KEY, 0))
    if failed >= MAX_ATTEMPTS:
        st.error(t("auth.locked_out"))
        return False
    with st.form("atlas_detail_password_form", clear_on_submit=True):
        entered = st.text_input(t("auth.password_label"), type="password", key=PASSWORD_WIDGET_KEY)
        submitted = st.form_submit_button(t("auth.unlock_button"))
    if not submitted:
        return False
    if password_matches(entered or "", secret):
        st.session_state[StateKeys.DETAIL_ACCESS] = True
        st.session_state[FAILED_ATTEMPTS_KEY] = 0
        st.success(t("auth.unlocked"))
        return True
    st.session_state[FAILED_ATTEMPTS_KEY] = failed + 1
    st.error(t("auth.wrong_password"))
    return False
