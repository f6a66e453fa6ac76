"""The command line: Typer only. Imports nothing heavy at module level."""

from tracker.cli.app import app, main

__all__ = ["app", "main"]
