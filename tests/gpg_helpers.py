"""GnuPG in tests: gpg starts an agent for each home it uses, and the agent outlives gpg;
`stop_gpg_agent` ends it when the test's home goes away."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def stop_gpg_agent(home: Path) -> None:
    gpgconf = shutil.which("gpgconf")
    if gpgconf is not None:
        subprocess.run(
            [gpgconf, "--homedir", str(home), "--kill", "all"], capture_output=True, timeout=30
        )
