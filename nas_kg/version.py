"""The package version, read from the installed package's metadata (written only in pyproject.toml)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("nas-kg")
except PackageNotFoundError:  # a source checkout that was never installed
    __version__ = "0.0.0+unknown"
