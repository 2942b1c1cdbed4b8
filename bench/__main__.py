"""``python -m bench``: see bench/registry.py."""

from bench.registry import main

main()
