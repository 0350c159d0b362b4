"""The exit codes of the CLI: each layer's errors, through the one service boundary."""

from __future__ import annotations

import pytest

from app.cli.errors import exit_code_for
from app.client.address import AddressError
from app.client.errors import NotLoggedInError
from app.client.transport import UnreachableError
from app.crypto.errors import DecryptionError, MnemonicError
from app.fs.errors import ChunkOrderError
from app.pki.errors import KTConsistencyError, ProofError
from app.protocol.errors import (
    AlertCode,
    AlertReceived,
    EncodeError,
    ServerKeyMismatchError,
    TooManyAttemptsError,
)
from app.services.boundary import as_service_error, service_boundary
from app.services.errors import (
    AuthenticationFailedError,
    InvalidInputError,
    ServerUnreachableError,
    ServiceError,
    TamperingDetectedError,
)
from app.vault.errors import (
    ItemRollbackError,
    NoVaultError,
    PinnedKeyChangedError,
    WrongPasswordError,
)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (AuthenticationFailedError("wrong password"), 3),
        (TamperingDetectedError("changed"), 4),
        (ServerUnreachableError("down"), 5),
        (InvalidInputError("alice has no #host"), 2),
        (ServiceError("other"), 1),
    ],
)
def test_exit_code_of_each_service_error(error: ServiceError, code: int) -> None:
    assert exit_code_for(error) == code


@pytest.mark.parametrize(
    ("error", "kind", "code"),
    [
        (WrongPasswordError(), AuthenticationFailedError, 3),
        (TooManyAttemptsError("wait"), AuthenticationFailedError, 3),
        (AlertReceived(AlertCode.LOGIN_FAILED, "login failed"), AuthenticationFailedError, 3),
        (AlertReceived(AlertCode.TOO_MANY_ATTEMPTS, "wait"), AuthenticationFailedError, 3),
        (ChunkOrderError(1, 2), TamperingDetectedError, 4),
        (KTConsistencyError("fork"), TamperingDetectedError, 4),
        (ProofError("bad path"), TamperingDetectedError, 4),
        (AlertReceived(AlertCode.BAD_RECORD_MAC, "bad record"), TamperingDetectedError, 4),
        (PinnedKeyChangedError("example.org"), TamperingDetectedError, 4),
        (ItemRollbackError("id", 5, 4), TamperingDetectedError, 4),
        (DecryptionError(), TamperingDetectedError, 4),
        (UnreachableError("no route"), ServerUnreachableError, 5),
        (AddressError("alice has no #host"), InvalidInputError, 2),
        (NoVaultError(), ServiceError, 1),
        (NotLoggedInError("log in first"), ServiceError, 1),
        (EncodeError("no msgpack for that"), ServiceError, 1),
        (MnemonicError("word 3 is not in the list"), ServiceError, 1),
        (OSError("disk full"), ServiceError, 1),
    ],
)
def test_a_lower_error_becomes_one_service_error_with_its_message(
    error: Exception, kind: type[ServiceError], code: int
) -> None:
    translated = as_service_error(error)
    assert type(translated) is kind
    assert str(translated) == (" ".join(str(error).split()) or type(error).__name__)
    assert exit_code_for(translated) == code  # type: ignore[arg-type]


def test_server_key_mismatch_is_a_security_failure() -> None:
    error = ServerKeyMismatchError.__new__(ServerKeyMismatchError)
    assert exit_code_for(as_service_error(error)) == 4  # type: ignore[arg-type]


def test_the_boundary_keeps_the_cause_and_lets_bugs_through() -> None:
    with pytest.raises(AuthenticationFailedError) as caught, service_boundary():
        raise WrongPasswordError()
    assert isinstance(caught.value.__cause__, WrongPasswordError)
    with pytest.raises(TypeError), service_boundary():
        raise TypeError("a bug, not a failure to report")
