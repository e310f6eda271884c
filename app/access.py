"""Who may use the app and what they may change: the optional sign-in with an allow-list
of e-mail domains, and the read-only mode for viewers.

Read-only is enforced in the app functions that change anything, not only by hiding the
widgets: every function of app/actions.py is decorated with `requires_edit_rights`, and
app/uploads.py calls `require_edit_rights` (tests/app/test_access.py checks both).
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

import streamlit as st

import config
from config.errors import UserError

READ_ONLY_ENV = "TPO_READ_ONLY"
_TRUE = {"1", "true", "yes", "on"}


class ReadOnlyMode(UserError):
    """A change was asked of an app running read-only."""


def read_only(config_dir) -> bool:
    """True when TPO_READ_ONLY is set (1/true/yes/on) or settings.toml says [access] read_only = true."""
    if os.environ.get(READ_ONLY_ENV, "").strip().lower() in _TRUE:
        return True
    return config.load_access(config_dir).read_only


def require_edit_rights(config_dir, action: str) -> None:
    """Raise ReadOnlyMode when the app is read-only; `action` names what was refused."""
    if read_only(config_dir):
        raise ReadOnlyMode(f"This dashboard is read-only: {action} is switched off here. "
                           "Ask whoever runs it to import files with the command line or to change it.")


def requires_edit_rights(action: str):
    """Decorator for an app function that changes the workspace or its config: refused in
    read-only mode. Its first argument is the Workspace or the config folder."""
    def decorate(function):
        @functools.wraps(function)
        def guarded(target, *args, **kwargs):
            require_edit_rights(target if isinstance(target, (str, Path)) else target.config_dir, action)
            return function(target, *args, **kwargs)
        guarded.requires_edit_rights = action
        return guarded
    return decorate


def email_allowed(email: str | None, allowed_domains: tuple[str, ...], verified: bool | None = True) -> bool:
    """True when `email` is in one of `allowed_domains` (exactly: a subdomain or a look-alike
    such as evil-example.com is no match) and not marked unverified. No list: everyone."""
    if not allowed_domains:
        return True
    if not email or verified is False or email.count("@") != 1:
        return False
    domain = email.rsplit("@", 1)[1].strip().lower()
    return domain in {d.lower() for d in allowed_domains}


def sign_in_configured() -> bool:
    try:
        return bool(st.secrets.get("auth"))
    except Exception:   # noqa: BLE001 - no secrets.toml at all: Streamlit raises its own error
        return False


def sign_in_gate(config_dir) -> None:
    """Stop the run unless the visitor may see the app: nothing to do without sign-in and
    allow-list; with sign-in, a signed-in user of an allowed domain; an allow-list without
    sign-in configured lets nobody in (it cannot check anyone)."""
    domains = config.load_access(config_dir).allowed_email_domains
    configured = sign_in_configured()
    if not configured:
        if domains:
            st.error("Access is limited to some e-mail domains, but sign-in is not configured "
                     "(.streamlit/secrets.toml [auth]): nobody can be let in.", icon=":material/lock:")
            st.stop()
        return
    user = st.user
    if not user.get("is_logged_in", False):
        st.title("TPO Dashboard")
        st.write("Sign in to see the dashboard.")
        st.button("Sign in", on_click=st.login, type="primary", icon=":material/login:", key="access_sign_in")
        st.stop()
    if not email_allowed(user.get("email"), domains, user.get("email_verified")):
        st.error("Your account is not allowed to see this dashboard. Sign in with an account of "
                 f"{', '.join(domains)}.", icon=":material/lock:")
        st.button("Sign out", on_click=st.logout, key="access_sign_out")
        st.stop()
