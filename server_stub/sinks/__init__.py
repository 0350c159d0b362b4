"""Inboxes (sinks) and messages (SINKS.md).

`SinkStore` is the one interface the RPC handlers (server_stub/handlers/sinks.py) use;
`open_sinks(database, objects, pki)` builds it on the server's database and object store.
"""

from server_stub.sinks.config import SinkLimits
from server_stub.sinks.errors import (
    AccessDeniedError,
    BadSignatureError,
    BlockMissingError,
    EnvelopeInvalidError,
    LimitExceededError,
    MessageNotFoundError,
    QuotaExceededError,
    RateLimitedError,
    SenderUnverifiedError,
    SinkError,
    SinkExistsError,
    SinkExpiredError,
    SinkFullError,
    SinkNotFoundError,
)
from server_stub.sinks.records import Post, PostResult, SinkInfo, StoredMessage
from server_stub.sinks.store import NewSink, SinkStore, attach_sinks, open_sinks

__all__ = [
    "AccessDeniedError",
    "BadSignatureError",
    "BlockMissingError",
    "EnvelopeInvalidError",
    "LimitExceededError",
    "MessageNotFoundError",
    "NewSink",
    "Post",
    "PostResult",
    "QuotaExceededError",
    "RateLimitedError",
    "SenderUnverifiedError",
    "SinkError",
    "SinkExistsError",
    "SinkExpiredError",
    "SinkFullError",
    "SinkInfo",
    "SinkLimits",
    "SinkNotFoundError",
    "SinkStore",
    "StoredMessage",
    "attach_sinks",
    "open_sinks",
]
