"""How long extraction takes per document, against reading the same document.

Prints, for each source document, the median wall time of ``extract()`` over N runs and its
ratio to the median time of ``read_document()`` on the same file (a reference measured in
the same process, so that a slow or busy machine moves both). Run:

    .venv/bin/python bench/extract_speed.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time

from spacegraph.authority import load_authority
from spacegraph.extract import extract
from spacegraph.settings import Settings
from spacegraph.sources import find_documents, read_document


def median_seconds(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(runs: int = 20) -> None:
    settings = Settings()
    authority = load_authority(settings.reference)
    print(f"{'document':<55} {'chars':>7} {'extract ms':>11} {'read ms':>8} {'ratio':>7}")
    for path in find_documents([settings.sources]):
        document = read_document(path)
        extract(document, authority)  # warm caches (compiled patterns)
        spent = median_seconds(lambda d=document: extract(d, authority), runs)
        reference = median_seconds(lambda p=path: read_document(p), runs)
        print(
            f"{path.name[:55]:<55} {len(document.text):>7} {spent * 1000:>11.1f} "
            f"{reference * 1000:>8.2f} {spent / reference:>7.0f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
