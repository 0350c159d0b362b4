"""`python -m app` runs the Privshare command line (with no arguments: the demo)."""

from app.cli.main import run

run()
