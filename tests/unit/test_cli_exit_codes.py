"""The exit codes issue 5 promises, for the errors each layer raises."""

from __future__ import annotations

import pytest

from app.cli.errors import exit_code_for
from app.client.address import AddressError
from app.client.transport import UnreachableError
from app.fs.errors import ChunkOrderError
from app.pki.errors import KTConsistencyError
from app.protocol.errors import AlertCode, AlertReceived, ServerKeyMismatchError
from app.services.errors import (
    AuthenticationFailedError,
    ServerUnreachableError,
    ServiceError,
    TamperingDetectedError,
)
from app.vault.errors import WrongPasswordError


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (AuthenticationFailedError("wrong password"), 3),
        (WrongPasswordError(), 3),
        (AlertReceived(AlertCode.LOGIN_FAILED, "login failed"), 3),
        (AlertReceived(AlertCode.TOO_MANY_ATTEMPTS, "wait"), 3),
        (TamperingDetectedError("changed"), 4),
        (ChunkOrderError(1, 2), 4),
        (KTConsistencyError("fork"), 4),
        (AlertReceived(AlertCode.BAD_RECORD_MAC, "bad record"), 4),
        (ServerUnreachableError("down"), 5),
        (UnreachableError("no route"), 5),
        (AddressError("alice has no #host"), 2),
        (ServiceError("other"), 1),
        (OSError("disk full"), 1),
    ],
)
def test_exit_code(error: BaseException, code: int) -> None:
    assert exit_code_for(error) == code


def test_server_key_mismatch_is_a_security_failure() -> None:
    error = ServerKeyMismatchError.__new__(ServerKeyMismatchError)
    assert exit_code_for(error) == 4
