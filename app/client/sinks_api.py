"""Typed wrappers of the server's inbox (sink) and message RPCs (server_stub/SINKS.md).

`SinksApi(caller)` turns each RPC into a method with typed arguments and results;
`caller` is a `Channel` (logged in for the owner methods). Errors:

    RemoteCallError (app.client.errors)      the server refused a call
    ├── SinkNotFoundError         2101  no such sink, or not the caller's
    ├── SinkExistsError           2102  sinkCreate with an id in use, or a second default
    ├── SinkBadSignatureError     2103  an envelope or sink-create signature did not verify
    ├── AccessDeniedError         2104  the sink's ACL refuses this sender
    ├── SenderUnverifiedError     2105  the sender's key is not its current PKI identity key
    ├── RateLimitedError          2106  too many posts: wait
    ├── MessageQuotaError         2107  the recipient's message quota is full
    ├── MessageLimitError         2108  a size or count limit
    ├── MessageNotFoundError      2109  no such message (or block of it)
    ├── MessageBlockMissingError  2110  an attachment block did not arrive
    └── EnvelopeInvalidError      2111  not a valid envelope for this sink
    MalformedSinkResponseError (ClientError)  the answer does not have the documented shape

Nothing here opens or trusts a message: the envelope bytes are returned as they came
(app.wire.messages decodes them; app.services.sharing.inbox verifies them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.client._answers import Answers
from app.client.errors import ClientError, RemoteCallError
from app.client.objects_api import RpcCaller

__all__ = [
    "AccessDeniedError",
    "EnvelopeInvalidError",
    "MalformedSinkResponseError",
    "MessageBlockMissingError",
    "MessageLimitError",
    "MessageNotFoundError",
    "MessageQuotaError",
    "PollResult",
    "RateLimitedError",
    "SenderUnverifiedError",
    "SinkBadSignatureError",
    "SinkExistsError",
    "SinkInfo",
    "SinkNotFoundError",
    "SinksApi",
    "StoredMessage",
]

MAX_SEQS_PER_GET = 256
MAX_WAIT_MS = 25_000


class SinkNotFoundError(RemoteCallError):
    """No such sink, or it is not the caller's."""


class SinkExistsError(RemoteCallError):
    """The sink id is in use, or the user has a default sink already."""


class SinkBadSignatureError(RemoteCallError):
    """The server found a signature that does not verify."""


class AccessDeniedError(RemoteCallError):
    """The sink's ACL refuses this sender."""


class SenderUnverifiedError(RemoteCallError):
    """The sender's key is not its current identity key in the server's PKI log."""


class RateLimitedError(RemoteCallError):
    """Too many posts per minute: wait and retry."""


class MessageQuotaError(RemoteCallError):
    """The recipient's message quota is full."""


class MessageLimitError(RemoteCallError):
    """A server limit on envelopes, blocks or ids was reached."""


class MessageNotFoundError(RemoteCallError):
    """No such message in the sink (deleted or never posted), or a block it does not list."""


class MessageBlockMissingError(RemoteCallError):
    """A listed attachment block was neither inline nor in the transfer."""


class EnvelopeInvalidError(RemoteCallError):
    """The envelope is not valid for this sink."""


class MalformedSinkResponseError(ClientError):
    """The server's answer to a sink call does not have the documented shape."""


_BY_CODE: dict[int, type[RemoteCallError]] = {
    2101: SinkNotFoundError,
    2102: SinkExistsError,
    2103: SinkBadSignatureError,
    2104: AccessDeniedError,
    2105: SenderUnverifiedError,
    2106: RateLimitedError,
    2107: MessageQuotaError,
    2108: MessageLimitError,
    2109: MessageNotFoundError,
    2110: MessageBlockMissingError,
    2111: EnvelopeInvalidError,
}
_ANSWERS = Answers(MalformedSinkResponseError, "a sink call", _BY_CODE)
_as_map = _ANSWERS.as_map
_field = _ANSWERS.field
_number = _ANSWERS.number


@dataclass(frozen=True)
class SinkInfo:
    sink_id: str
    public_key: bytes
    acl: str
    data: bytes
    default: bool
    last_seq: int
    messages: int
    created: float


@dataclass(frozen=True)
class StoredMessage:
    """One kept message as the server returned it (the envelope is unverified)."""

    sink_id: str
    seq: int
    envelope: bytes
    server_time: float
    sender_verified_by_server: bool


@dataclass(frozen=True)
class PollResult:
    sink_id: str
    last_seq: int
    seqs: tuple[int, ...]


class SinksApi:
    """The sink RPCs of one server, over a channel."""

    def __init__(self, caller: RpcCaller) -> None:
        self._caller = caller

    def _call(self, method: str, **params: Any) -> Any:
        return _ANSWERS.call(self._caller.call, method, **params)

    def create(
        self,
        public_key: bytes,
        acl: str,
        signature: bytes,
        *,
        default: bool = False,
        data: bytes = b"",
        expires: float | None = None,
        max_bytes: int | None = None,
    ) -> str:
        """Create a sink owned by the caller (`data`: opaque, at most 64 KiB); its id.
        `expires` and `max_bytes` ask the server to refuse posts after that time or
        larger than that (servers before them answer -32602, unknown keys)."""
        params: dict[str, Any] = {"public_key": public_key, "acl": acl, "signature": signature}
        if data:
            params["data"] = data
        if expires is not None:
            params["expires"] = expires
        if max_bytes is not None:
            params["max_bytes"] = max_bytes
        result = _as_map(self._call("sinkCreate", default=default, **params))
        sink_id: str = _field(result, "sink_id", str)
        return sink_id

    def list_sinks(self) -> list[SinkInfo]:
        result = _as_map(self._call("sinkList"))
        return [_info(raw) for raw in _field(result, "sinks", list)]

    def delete(self, sink_id: str) -> None:
        self._call("sinkDelete", sink_id=sink_id)

    def post(
        self,
        sink_id: str,
        envelope: bytes,
        blocks: Sequence[bytes] = (),
        transfer_id: bytes | None = None,
    ) -> int:
        """Post an encoded envelope; returns the message's seq."""
        params: dict[str, Any] = {"sink_id": sink_id, "envelope": envelope}
        if blocks:
            params["blocks"] = list(blocks)
        if transfer_id is not None:
            params["transfer_id"] = transfer_id
        seq: int = _field(_as_map(self._call("messagePost", **params)), "seq", int)
        return seq

    def poll(self, after: dict[str, int], wait_ms: int = 0) -> list[PollResult]:
        """New seqs per sink after the given ones; waits up to `wait_ms` for one (no busy
        loop: the server holds the call)."""
        sinks = [{"sink_id": sink, "after_seq": seq} for sink, seq in after.items()]
        result = _as_map(
            self._call("sinkPoll", sinks=sinks, wait_ms=max(0, min(wait_ms, MAX_WAIT_MS)))
        )
        polled = []
        for raw in _field(result, "sinks", list):
            item = _as_map(raw)
            seqs = _field(item, "seqs", list)
            if not all(isinstance(s, int) and not isinstance(s, bool) for s in seqs):
                raise MalformedSinkResponseError("'seqs' must be integers")
            polled.append(
                PollResult(_field(item, "sink_id", str), _field(item, "last_seq", int), tuple(seqs))
            )
        return polled

    def get(self, sink_id: str, seqs: Sequence[int]) -> list[StoredMessage]:
        """The kept messages among `seqs` (deferred ones asked again; missing ones left out)."""
        found: list[StoredMessage] = []
        for start in range(0, len(seqs), MAX_SEQS_PER_GET):
            wanted = list(seqs[start : start + MAX_SEQS_PER_GET])
            while wanted:
                result = _as_map(self._call("messageGet", sink_id=sink_id, seqs=wanted))
                found += [_message(sink_id, raw) for raw in _field(result, "messages", list)]
                deferred = _field(result, "deferred", list)
                if len(deferred) >= len(wanted) or not set(deferred) <= set(wanted):
                    raise MalformedSinkResponseError("the server deferred every message asked")
                wanted = deferred
        return found

    def delete_message(self, sink_id: str, seq: int) -> None:
        self._call("messageDelete", sink_id=sink_id, seq=seq)

    def block_get(self, sink_id: str, seq: int, block_id: bytes) -> bytes:
        result = _as_map(self._call("messageBlockGet", sink_id=sink_id, seq=seq, block_id=block_id))
        data: bytes = _field(result, "data", bytes)
        return data


def _info(raw: Any) -> SinkInfo:
    item = _as_map(raw)
    return SinkInfo(
        sink_id=_field(item, "sink_id", str),
        public_key=_field(item, "public_key", bytes),
        acl=_field(item, "acl", str),
        data=_field(item, "data", bytes),
        default=_field(item, "default", bool),
        last_seq=_field(item, "last_seq", int),
        messages=_field(item, "messages", int),
        created=_number(item, "created"),
    )


def _message(sink_id: str, raw: Any) -> StoredMessage:
    item = _as_map(raw)
    return StoredMessage(
        sink_id=sink_id,
        seq=_field(item, "seq", int),
        envelope=_field(item, "envelope", bytes),
        server_time=_number(item, "server_time"),
        sender_verified_by_server=_field(item, "sender_verified_by_server", bool),
    )
