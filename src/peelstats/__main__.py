"""`python -m peelstats` runs the command-line interface."""

from peelstats.cli import main

# Guarded: worker processes started with "spawn" (the report batch) import the main module.
if __name__ == "__main__":
    raise SystemExit(main())
