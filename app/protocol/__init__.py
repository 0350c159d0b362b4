"""PrivMX TLS version 1 as sans-IO state machines (see SPEC.md beside this file).

Public surface: `ClientConnection`, `ServerConnection`, `alert_frame`, `Buffer` (the
pieces `send_parts` returns), the events of
`app.protocol.events`, the logins of `app.protocol.login` / `app.protocol.login_server`
and the error tree of `app.protocol.errors`. Everything starting with `_` is internal.
"""

from app.protocol._frames import Buffer
from app.protocol.client import ClientConnection
from app.protocol.errors import AlertCode, LocalProtocolError, ProtocolError, RemoteProtocolError
from app.protocol.server import ServerConnection, alert_frame

__all__ = [
    "AlertCode",
    "Buffer",
    "ClientConnection",
    "LocalProtocolError",
    "ProtocolError",
    "RemoteProtocolError",
    "ServerConnection",
    "alert_frame",
]
