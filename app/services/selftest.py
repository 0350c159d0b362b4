"""The client half of `privshare --self-test`: on a server that has just been started,
a throwaway account, then a file of random bytes uploaded, listed, downloaded and
compared byte for byte, all over real HTTP (the shell starts and stops the server).

Every step that fails raises `SelfTestError`, whose message is one line naming the step:
`upload: ServerUnreachableError: ...`.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from app.client.transport import HttpTransport
from app.services import account
from app.services.connection import Connector
from app.services.errors import ServiceError
from app.services.files.service import FileService
from app.vault import KDF_FLOOR, Profile

__all__ = ["RandBytes", "SelfTestError", "round_trip", "step"]

RandBytes = Callable[[int], bytes]


class SelfTestError(ServiceError):
    """A step of the self-test failed; the message is one line naming the step."""

    def __init__(self, step: str, reason: str) -> None:
        super().__init__(f"{step}: {reason}")
        self.step = step


@contextmanager
def step(name: str) -> Iterator[None]:
    """Any error in the block becomes a `SelfTestError` of step `name`."""
    try:
        yield
    except SelfTestError:
        raise
    except Exception as error:
        text = " ".join(str(error).split()) or type(error).__name__
        raise SelfTestError(name, f"{type(error).__name__}: {text[:240]}") from error


def round_trip(host: str, folder: Path, size: int, randbytes: RandBytes) -> None:
    """Account, upload, list, download, compare on `host`, working in `folder`. The
    account's vault has the lowest key-stretching cost allowed: it is thrown away."""
    with HttpTransport() as transport:
        connector = Connector(transport=transport, allow_http=True)
        address = f"selftest{randbytes(4).hex()}#{host}"
        with step("create account"):
            created = account.create(
                address,
                secrets.token_urlsafe(18),
                Profile(folder / "profile"),
                connector,
                now=time.time(),
                vault_kdf=KDF_FLOOR,
            )
        with created.session as session:
            files = FileService(session.channel, session.vault)
            _upload_and_compare(files, folder, size, randbytes)


def _upload_and_compare(files: FileService, folder: Path, size: int, randbytes: RandBytes) -> None:
    sample = folder / "sample.bin"
    data = randbytes(size)
    sample.write_bytes(data)
    with step("upload"):
        (remote,) = files.put([sample], "/")
    with step("list"):
        listed = {entry.path: entry for entry in files.ls("/")}
        if remote not in listed or listed[remote].size != len(data):
            raise SelfTestError("list", f"{remote} of {len(data)} bytes is not listed")
    with step("download"):
        (folder / "downloaded").mkdir()
        copy = files.get(remote, folder / "downloaded")
    with step("compare"):
        if not hmac.compare_digest(copy.read_bytes(), data):
            raise SelfTestError("compare", "the downloaded file differs from the uploaded one")
