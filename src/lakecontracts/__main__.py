"""``python -m lakecontracts`` is the ``contracts`` command."""

from lakecontracts.cli.main import main

main()
