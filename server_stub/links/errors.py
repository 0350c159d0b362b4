"""Errors of the link store. Each `LinkError` carries its RPC code (LINKS.md §6), the
HTTP status and short code the page gets (§5), and a message safe to show."""

from __future__ import annotations

__all__ = [
    "LinkError",
    "LinkExistsError",
    "LinkGoneError",
    "LinkLimitError",
    "LinkNotFoundError",
    "LinkStateError",
    "ThrottledError",
    "WrongAccessError",
]


class LinkError(Exception):
    """A request the link store refuses."""

    code = 2200
    status = 400
    reason = "bad-request"


class LinkNotFoundError(LinkError):
    """No such link (or not the caller's; the same answer), drop, block or grant."""

    code = 2201
    status = 404
    reason = "not-found"


class LinkExistsError(LinkError):
    """linkCreate with an id in use."""

    code = 2202
    status = 409
    reason = "exists"


class LinkLimitError(LinkError):
    """A size or count limit (LinkLimits)."""

    code = 2203
    status = 413
    reason = "limit"


class LinkStateError(LinkError):
    """The link is not in the state this call needs (a block after publishing, ...)."""

    code = 2204
    status = 409
    reason = "state"


class LinkGoneError(LinkError):
    """The link expired, was revoked or used up; `reason` says which."""

    code = 2205
    status = 410

    def __init__(self, reason: str) -> None:
        super().__init__(f"the link is {reason.replace('-', ' ')}")
        self.reason = reason


class WrongAccessError(LinkError):
    """The access value does not match: a wrong key or a wrong password."""

    code = 2206
    status = 403
    reason = "wrong-key"


class ThrottledError(LinkError):
    """Too many wrong attempts on this link or from this address: wait."""

    code = 2207
    status = 429
    reason = "throttled"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many wrong attempts; try again in {retry_after} s")
        self.retry_after = retry_after
