"""Accounts: create (creation), sign in on a new device or recover by phrase (login), the
open account with its password change and deletion (session), the format of `privData`
(privdata), the inbox keys m/1'/i' whose first inbox registration creates (inbox_keys)
and the pieces they share (helpers). ACCOUNTS.md beside this package is the spec.

The names below are the package's public surface; callers use `account.create(...)`.
"""

from app.services.account.creation import Created, create
from app.services.account.helpers import PRIVDATA_ITEM
from app.services.account.login import login, recover
from app.services.account.session import (
    AccountSession,
    NoAccountError,
    account_address,
    change_password,
    delete_account,
    resume,
)

__all__ = [
    "PRIVDATA_ITEM",
    "AccountSession",
    "Created",
    "NoAccountError",
    "account_address",
    "change_password",
    "create",
    "delete_account",
    "login",
    "recover",
    "resume",
]
