"""Errors of the sink store. Each `SinkError` carries its RPC code (SINKS.md) and a
message safe to show to the client."""

from __future__ import annotations

__all__ = [
    "AccessDeniedError",
    "BadSignatureError",
    "BlockMissingError",
    "EnvelopeInvalidError",
    "LimitExceededError",
    "MessageNotFoundError",
    "QuotaExceededError",
    "RateLimitedError",
    "SenderUnverifiedError",
    "SinkError",
    "SinkExistsError",
    "SinkExpiredError",
    "SinkFullError",
    "SinkNotFoundError",
]


class SinkError(Exception):
    """A request the sink store refuses; `code` is the RPC error code."""

    code = 2100


class SinkNotFoundError(SinkError):
    """No such sink, or not the caller's (the same answer)."""

    code = 2101


class SinkExistsError(SinkError):
    """A sink with this id exists, or the user already has a default sink."""

    code = 2102


class BadSignatureError(SinkError):
    """An envelope or sink-create signature does not verify."""

    code = 2103


class AccessDeniedError(SinkError):
    """The sink's ACL refuses this sender."""

    code = 2104


class SenderUnverifiedError(SinkError):
    """A sender of this server whose key is not its current identity key in the PKI."""

    code = 2105


class RateLimitedError(SinkError):
    """Too many posts from this sender key or client address."""

    code = 2106


class QuotaExceededError(SinkError):
    """The sink's message count or its owner's message bytes would pass the quota."""

    code = 2107


class LimitExceededError(SinkError):
    """A size or count limit of one request."""

    code = 2108


class MessageNotFoundError(SinkError):
    """No such message in the sink, or a block the message does not list."""

    code = 2109


class BlockMissingError(SinkError):
    """A block the envelope lists arrived neither inline nor in the transfer."""

    code = 2110


class EnvelopeInvalidError(SinkError):
    """Not a valid envelope, or not for this sink, or a bad sink key."""

    code = 2111


class SinkExpiredError(SinkError):
    """The sink's registered expiry has passed: it takes no more messages."""

    code = 2112


class SinkFullError(SinkError):
    """The message holds more bytes than the sink's registered limit."""

    code = 2113
