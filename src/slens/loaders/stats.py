"""Counts of the work loaders did in this process (parses, transforms, cache hits), for tests
that guard against doing work twice; cheap enough to keep on in production."""

from collections import Counter

STATS: Counter[str] = Counter()
