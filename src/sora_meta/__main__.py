"""`python -m sora_meta` runs the command line."""

from .cli import main

main()
