"""`python -m cevns` runs the command line."""

from .cli import main

main()
