"""Commands for publishing the ontology (quality checks, documentation, releases); registered by cli.py."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
