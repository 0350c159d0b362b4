"""Errors of the object store. Each `ObjectError` carries its RPC code (OBJECTS.md) and
a message safe to show to the client."""

from __future__ import annotations

__all__ = [
    "BadSignatureError",
    "BlockMissingError",
    "BlockUnavailableError",
    "CasMismatchError",
    "ChallengeUnknownError",
    "IdMismatchError",
    "IdTakenError",
    "LimitExceededError",
    "LockedError",
    "LoginRequiredError",
    "NotFoundError",
    "ObjectError",
    "QuotaExceededError",
    "TransferUnknownError",
]


class ObjectError(Exception):
    """A request the store refuses; `code` is the RPC error code."""

    code = 2000


class LoginRequiredError(ObjectError):
    """Without a login, only a transfer tied to a parent (parents.py) can be used."""

    code = 1001  # server_stub.rpc.LOGIN_REQUIRED: the answer calls without login always got


class NotFoundError(ObjectError):
    """No such descriptor, or the descriptor does not list that block."""

    code = 2001


class IdTakenError(ObjectError):
    """A descriptor with this id exists."""

    code = 2002


class BadSignatureError(ObjectError):
    """A signature does not verify with the item's public key."""

    code = 2003


class CasMismatchError(ObjectError):
    """The previous signature given is not the one stored: re-read and retry."""

    code = 2004


class LockedError(ObjectError):
    """Another lock id holds the descriptor."""

    code = 2005


class QuotaExceededError(ObjectError):
    """The owner's bytes or descriptor count would exceed the quota."""

    code = 2006


class LimitExceededError(ObjectError):
    """A size or count limit of one request or session."""

    code = 2007


class TransferUnknownError(ObjectError):
    """No open transfer of this user with this id (unknown, expired or closed)."""

    code = 2008


class BlockMissingError(ObjectError):
    """A listed block is neither in the transfer nor in a kept version."""

    code = 2009


class IdMismatchError(ObjectError):
    """A block id is not the hash of its data, or a public key not the descriptor id."""

    code = 2010


class ChallengeUnknownError(ObjectError):
    """A transfer-open nonce that is unknown, used, expired or for another parent."""

    code = 2011


class BlockUnavailableError(Exception):
    """A referenced block file is missing or corrupt on disk (a server fault, logged)."""
