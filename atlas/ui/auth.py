"""Access to the detail view with personal fields (stub: being built)."""

from __future__ import annotations


def detail_access_granted() -> bool:
    """True when this session unlocked the detail view (password from st.secrets or st.login)."""
    raise NotImplementedError
