"""Run the command line with ``python -m nas_kg.cli``."""

from nas_kg.cli import main

main()
