"""Callscope: no arguments opens the desktop app; subcommands run headless."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
