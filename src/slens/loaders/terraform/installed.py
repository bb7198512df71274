"""Modules that ``terraform init`` downloaded (registry, git, URLs): where they are on disk.

``.terraform/modules/modules.json`` maps each module call's key (``a``, ``a.b`` for a call inside
module ``a``) to the folder it was put in, relative to the root module. slens reads those
folders as it reads local modules, and only when they resolve inside the root module.
"""

from __future__ import annotations

import json
import os

#: where ``terraform init`` records the modules it downloaded, relative to the root module
MANIFEST = os.path.join(".terraform", "modules", "modules.json")


def tf_files(directory: str) -> list[str]:
    try:
        return sorted(os.path.join(directory, f) for f in os.listdir(directory) if f.endswith(".tf"))
    except OSError:
        return []


def installed_modules(root_dir: str, max_size: int) -> dict[str, str]:
    """Module key -> folder. A missing or unreadable manifest is no module at all; folders that
    resolve outside the root module (a manifest edited by hand or by an attacker) are left out."""
    path = os.path.join(root_dir, MANIFEST)
    try:
        if os.path.getsize(path) > max_size:
            return {}
        with open(path, encoding="utf-8-sig") as handle:
            document = json.load(handle)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    modules = document.get("Modules") if isinstance(document, dict) else None
    root = os.path.realpath(root_dir)
    found: dict[str, str] = {}
    for entry in modules if isinstance(modules, list) else []:
        key, folder = (entry.get("Key"), entry.get("Dir")) if isinstance(entry, dict) else (None, None)
        if not isinstance(key, str) or not key or not isinstance(folder, str) or "\0" in folder:
            continue
        directory = os.path.normpath(os.path.join(root_dir, folder))
        if os.path.commonpath([root, os.path.realpath(directory)]) == root:
            found[key] = directory
    return found
