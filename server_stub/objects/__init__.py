"""Server file objects (OBJECTS.md): blocks, descriptors, transfer sessions and quotas.

`ObjectStore` is the one interface the RPC handlers use; `open_objects(database,
data_dir)` builds it on the embedded SQLite database and a block directory, after
removing what a crash may have left behind.
"""

from server_stub.objects.config import ObjectLimits
from server_stub.objects.errors import (
    BadSignatureError,
    BlockMissingError,
    BlockUnavailableError,
    CasMismatchError,
    ChallengeUnknownError,
    IdMismatchError,
    IdTakenError,
    LimitExceededError,
    LockedError,
    LoginRequiredError,
    NotFoundError,
    ObjectError,
    QuotaExceededError,
    TransferUnknownError,
)
from server_stub.objects.parents import ParentAuth
from server_stub.objects.records import Descriptor, Version, Write
from server_stub.objects.store import ObjectStore, open_objects

__all__ = [
    "BadSignatureError",
    "BlockMissingError",
    "BlockUnavailableError",
    "CasMismatchError",
    "ChallengeUnknownError",
    "Descriptor",
    "IdMismatchError",
    "IdTakenError",
    "LimitExceededError",
    "LockedError",
    "LoginRequiredError",
    "NotFoundError",
    "ObjectError",
    "ObjectLimits",
    "ObjectStore",
    "ParentAuth",
    "QuotaExceededError",
    "TransferUnknownError",
    "Version",
    "Write",
    "open_objects",
]
