"""`python -m peelstats` runs the command-line interface."""

from peelstats.cli import main

raise SystemExit(main())
