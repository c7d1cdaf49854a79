"""`python -m coach …` is the `coach` command (how `coach serve` starts its worker)."""

from coach.cli import main

main(prog_name="coach")
