"""``python -m spacegraph``: the same as the ``spacegraph`` command."""

from .cli import main

main()
