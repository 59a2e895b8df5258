"""`python -m transflow` runs the CLI."""

from transflow.cli import main

main()
