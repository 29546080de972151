#!/usr/bin/env python
"""Django's manage.py, kept for habit; `upstream` (upstream/cli.py) is the documented entry point."""

from upstream.cli import main

if __name__ == "__main__":
    main()
