"""Get files back without the server: `export_account` decrypts an account's files from
a server's data directory, or a fleet's database and bucket, with the recovery phrase
(EXPORT.md beside this package)."""

from app.services.export.datadir import DamagedDataDirError, DataDirError
from app.services.export.export import ExportSummary, ExportTargetError, export_account
from app.services.export.fleet import FleetSource

__all__ = [
    "DamagedDataDirError",
    "DataDirError",
    "ExportSummary",
    "ExportTargetError",
    "FleetSource",
    "export_account",
]
