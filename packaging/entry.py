"""Entry point of the desktop bundle: one executable, the roles `python -m ...` has.

    privshare                          the desktop application (default profile)
    privshare [--profile DIR] [URL]    the same; URL is a privshare:// link to open
    privshare -m app.gui ARGS          the desktop application (`privshare gui` runs this)
    privshare -m server_stub ARGS      the storage server (the GUI's embedded server)
    privshare -m app ARGS | ARGS       the command line, e.g. `privshare --self-test`

A frozen program has no interpreter to run `python -m`, so the GUI's embedded server
(app/gui/backend/local_server.py) and `privshare gui` (app/cli/commands/gui.py), which start
`sys.executable -m ...`, reach their module through here. With
PRIVSHARE_REPORT_FIRST_SHOW=1 the first window shown prints its time and the program
quits (packaging/measure_start.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

LINK_SCHEME = "privshare:"


def _is_gui_invocation(argv: Sequence[str]) -> bool:
    """No arguments, or only `--profile DIR` and at most one privshare: link."""
    rest = list(argv)
    if rest and rest[0].startswith("--profile="):
        rest = rest[1:]
    elif len(rest) >= 2 and rest[0] == "--profile":
        rest = rest[2:]
    return not rest or (len(rest) == 1 and rest[0].lower().startswith(LINK_SCHEME))


def _gui(argv: Sequence[str]) -> int:
    if os.environ.get("PRIVSHARE_REPORT_FIRST_SHOW"):
        import first_show

        first_show.install(sys.argv[:1])
    from app.gui.__main__ import main as gui_main

    sys.argv = [sys.argv[0], *argv]
    return gui_main()


def _server(argv: Sequence[str]) -> int:
    from server_stub.__main__ import main as server_main

    return server_main(list(argv))


def _cli(argv: Sequence[str]) -> int:
    from app.cli.main import main as cli_main

    return cli_main(list(argv))


def main(argv: Sequence[str]) -> int:
    """Dispatch on the arguments (without the program name); return the exit status."""
    modules = {"server_stub": _server, "app.gui": _gui, "app": _cli}
    if len(argv) >= 2 and argv[0] == "-m":
        if argv[1] not in modules:
            print(f"privshare: no module {argv[1]!r} in this bundle", file=sys.stderr)
            return 2
        return modules[argv[1]](argv[2:])
    if _is_gui_invocation(argv):
        return _gui(argv)
    return _cli(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
