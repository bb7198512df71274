"""Live inventories as scan inputs: each account and region becomes an ``aws://ACCOUNT/REGION``
target that :func:`slens.loaders.units.plan` turns into a unit like a file.

The inventory is read (``slens scan --aws``) or loaded from a snapshot (``--snapshot-in``) before
the scan, in the parent process, and registered here; worker processes inherit the registry when
they fork, so a unit carries only its target. The inventory's format is docs/inventory.md.
"""

from __future__ import annotations

from typing import Any

from slens.loaders.result import Loaded, Skipped

PREFIX = "aws://"
_REGISTERED: dict[str, dict[str, Any]] = {}


def register(inventory: dict[str, Any]) -> list[str]:
    """The targets of the inventory's partitions, in its order, ready for :func:`slens.scan.scan`."""
    targets = []
    for partition in inventory.get("partitions", []):
        target = f"{PREFIX}{partition.get('account', 'unknown')}/{partition.get('region', 'unknown')}"
        _REGISTERED[target] = partition
        targets.append(target)
    return targets


def is_target(path: str) -> bool:
    return path.startswith(PREFIX)


def registered(target: str) -> bool:
    return target in _REGISTERED


def load(target: str) -> list[Loaded | Skipped]:
    from slens.loaders.aws.mapping import map_partition

    return [map_partition(_REGISTERED[target], target)]
