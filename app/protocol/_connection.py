"""What both ends of an exchange share: their state, keys and error, the rule that a
failed connection stays failed, and the frames both read the same way (CCS, attachments)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from app.protocol._codec import MAX_ATTACHMENTS
from app.protocol._frames import Frame
from app.protocol._keys import ExchangeKeys
from app.protocol._records import Direction
from app.protocol._states import StateMachine
from app.protocol.errors import (
    DecodeError,
    EncodeError,
    FrameError,
    LocalProtocolError,
    ProtocolError,
    UnexpectedMessageError,
)
from app.protocol.events import Event

_P = ParamSpec("_P")
_T = TypeVar("_T")


class ConnectionBase:
    """Set by the subclass: `_machine`, `_read`, `_keys`, `_attachments`, `_error`."""

    _machine: StateMachine
    _read: Direction
    _keys: ExchangeKeys | None
    _attachments: list[bytes]
    _error: ProtocolError | None

    @property
    def state(self) -> type:
        return self._machine.state

    @property
    def master(self) -> bytes:
        """The exchange's master secret (the family master of `ecdhe`/`ecdhef` tickets)."""
        if self._keys is None:
            raise LocalProtocolError("no keys yet")
        return self._keys.master

    @property
    def error(self) -> ProtocolError | None:
        """The error that failed this connection, or None."""
        return self._error

    def _next_event(self) -> Event:
        raise NotImplementedError

    def _on_ccs(self, frame: Frame) -> Event:
        if frame.payload:
            raise FrameError("a change cipher spec carries no payload")
        self._machine.fire("recv_ccs", local=False)
        self._read.activate(UnexpectedMessageError)
        return self._next_event()

    def _on_attachment(self, frame: Frame) -> Event:
        self._machine.fire("recv_attachment", local=False)
        if len(self._attachments) >= MAX_ATTACHMENTS:
            raise DecodeError("too many attachments for one message")
        self._attachments.append(self._read.open(frame))
        return self._next_event()

    def _guarded(self, action: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
        """Run `action`; a protocol error fails the connection for good (h11's rule)."""
        if self._error is not None:
            raise self._error
        try:
            return action(*args, **kwargs)
        except EncodeError:
            raise  # nothing was sent: the exchange is as it was
        except ProtocolError as exc:
            self._error = exc
            self._machine.fail()
            raise
