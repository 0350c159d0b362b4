"""The activity log of the folder the window shows (app/services/files/activity/ACTIVITY.md):
My files and Shared with me have one per folder; Shared by me is a list, not a folder."""

from __future__ import annotations

from app.gui.backend.interface import View
from app.services import pki
from app.services.activity.service import folder_activity
from app.services.errors import InvalidInputError
from app.services.files.activity.reader import FolderActivity
from app.services.session import RoutedSession

__all__ = ["activity_of"]


def activity_of(
    opened: RoutedSession, view: View, path: str, identities: pki.IdentityCache
) -> FolderActivity:
    if view is View.SHARED_BY_ME:
        raise InvalidInputError("open a folder in My files or Shared with me to see its activity")
    if view is View.SHARED_WITH_ME and not path.startswith("/Shared"):
        path = "/Shared" + (path if path != "/" else "")
    if path == "/Shared":
        raise InvalidInputError("open one of the shared folders to see its activity")
    return folder_activity(opened, path, identities=identities)
