"""Helpers shared by the `flask` sub-commands."""

from __future__ import annotations

import sys
from typing import NoReturn

import click


def fail(message: str) -> NoReturn:
    """Print a clear error and exit with status 1 (never a traceback)."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)
