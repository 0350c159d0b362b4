"""States of the client and server exchanges and their transition tables (SPEC §7).

States are sentinel classes (h11 habit). A trigger names what happened; a trigger the
table does not list for the current state is refused: by the caller's fault
(`LocalProtocolError`) for things we send, by the peer's for things we receive.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.protocol.errors import LocalProtocolError, ProtocolError, UnexpectedMessageError


class _Sentinel(type):
    def __repr__(cls) -> str:
        return cls.__name__


State = type


# --- client states ---
class IDLE(metaclass=_Sentinel): ...


class OPENED(metaclass=_Sentinel): ...


class BODY_HANDSHAKE(metaclass=_Sentinel): ...  # noqa: N801


class BODY_REQUESTS(metaclass=_Sentinel): ...  # noqa: N801


class AWAIT_SERVER_HELLO(metaclass=_Sentinel): ...  # noqa: N801


class AWAIT_CCS(metaclass=_Sentinel): ...  # noqa: N801


class AWAIT_REPLIES(metaclass=_Sentinel): ...  # noqa: N801


class DONE(metaclass=_Sentinel): ...


class FAILED(metaclass=_Sentinel): ...


# --- server-only states ---
class AWAIT_TICKET_REQUEST(metaclass=_Sentinel): ...  # noqa: N801


class AWAIT_RESUME(metaclass=_Sentinel): ...  # noqa: N801


class AWAIT_BODY(metaclass=_Sentinel): ...  # noqa: N801


class IN_APPLICATION_DATA(metaclass=_Sentinel): ...  # noqa: N801


class RESPONDING(metaclass=_Sentinel): ...


Table = Mapping[tuple[State, str], State]

CLIENT_TABLE: Table = {
    (IDLE, "send_ecdhe"): AWAIT_SERVER_HELLO,
    (IDLE, "send_ticket"): OPENED,
    (IDLE, "send_ecdhef"): OPENED,
    (OPENED, "send_handshake"): BODY_HANDSHAKE,
    (OPENED, "send_request"): BODY_REQUESTS,
    (BODY_REQUESTS, "send_request"): BODY_REQUESTS,
    (BODY_HANDSHAKE, "receive"): AWAIT_CCS,
    (BODY_REQUESTS, "receive"): AWAIT_CCS,
    (AWAIT_SERVER_HELLO, "recv_server_hello"): AWAIT_CCS,
    (AWAIT_CCS, "recv_ccs"): AWAIT_REPLIES,
    (AWAIT_REPLIES, "recv_reply"): AWAIT_REPLIES,
    (AWAIT_REPLIES, "recv_attachment"): AWAIT_REPLIES,
    (AWAIT_REPLIES, "recv_end"): DONE,
}

SERVER_TABLE: Table = {
    (IDLE, "recv_ecdhe"): AWAIT_TICKET_REQUEST,
    (AWAIT_TICKET_REQUEST, "recv_ticket_request"): RESPONDING,
    (IDLE, "recv_ticket"): AWAIT_RESUME,
    (AWAIT_RESUME, "resume"): AWAIT_CCS,
    (IDLE, "recv_ecdhef"): AWAIT_CCS,
    (AWAIT_CCS, "recv_ccs"): AWAIT_BODY,
    (AWAIT_BODY, "recv_handshake"): RESPONDING,
    (AWAIT_BODY, "recv_request"): IN_APPLICATION_DATA,
    (IN_APPLICATION_DATA, "recv_request"): IN_APPLICATION_DATA,
    (AWAIT_BODY, "recv_attachment"): IN_APPLICATION_DATA,
    (IN_APPLICATION_DATA, "recv_attachment"): IN_APPLICATION_DATA,
    (IN_APPLICATION_DATA, "recv_end"): RESPONDING,
    (RESPONDING, "recv_end"): RESPONDING,
    (RESPONDING, "send"): RESPONDING,
}


class StateMachine:
    """The current state and the only way to change it. Once FAILED, always FAILED."""

    def __init__(self, table: Table) -> None:
        self._table = table
        self.state: State = IDLE

    def fire(self, trigger: str, *, local: bool) -> None:
        if self.state is FAILED:
            raise LocalProtocolError("this exchange has failed; start a new one")
        target = self._table.get((self.state, trigger))
        if target is None:
            error: ProtocolError = (
                LocalProtocolError(f"cannot {trigger.replace('_', ' ')} in state {self.state!r}")
                if local
                else UnexpectedMessageError(f"unexpected {trigger[5:]} in state {self.state!r}")
            )
            if not local:
                self.state = FAILED
            raise error
        self.state = target

    def fail(self) -> None:
        self.state = FAILED
