"""Import the SAM transform without the AWS SDK it imports but never needs here.

aws-sam-translator imports boto3 and botocore at module level, for calls a static review
never makes: slens hands the translator a session that only answers the region, swaps
application locations for placeholders, and never asks for feature toggles. Importing the SDK
is about a third of the transform's import time (~0.25 s of every process). So while the
transform is imported, ``boto3``, ``botocore`` and ``s3transfer`` resolve to stand-ins; a
stand-in that is called anyway loads the real SDK and forwards the call, so behaviour never
changes, only the cost moves to where it is needed. The stand-ins are removed from
``sys.modules`` as soon as the import is done: anything else in the process gets the real SDK.

Keeping the SDK out also makes "static review does not touch the network" visible: a scan's
process never imports the library that could.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

_SDK = ("boto3", "botocore", "s3transfer")


class _Deferred:
    """A name taken from a stand-in module: the real object, loaded on first use."""

    def __init__(self, module: str, name: str) -> None:
        self._module = module
        self._name = name

    def _real(self) -> Any:
        return getattr(importlib.import_module(self._module), self._name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._real()(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._real(), name)


class _DeferredClass(type):
    """A class taken from a stand-in module: usable in annotations (``Session | None``) at import
    time; instantiating it or reading its attributes loads the real class."""

    def _real(cls) -> Any:
        return getattr(importlib.import_module(cls.__module__), cls.__name__)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls._real()(*args, **kwargs)

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(cls._real(), name)


_importing = False


class _StandIn(ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if not _importing:  # read at call time, after the import: the real thing
            return getattr(importlib.import_module(self.__name__), name)
        made: Any
        if name.endswith(("Error", "Exception")):
            # used in ``except`` clauses, which need a class; no SDK call is ever made, so none is raised
            made = type(name, (Exception,), {"__module__": self.__name__})
        elif name[:1].isupper():
            made = _DeferredClass(name, (), {"__module__": self.__name__})
        else:
            made = _Deferred(self.__name__, name)
        setattr(self, name, made)
        return made


class _Finder(MetaPathFinder, Loader):
    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None,
                  ) -> ModuleSpec | None:
        if fullname.split(".")[0] not in _SDK:
            return None
        return ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        module = _StandIn(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module: ModuleType) -> None:
        pass


@contextmanager
def _stand_ins() -> Iterator[None]:
    global _importing
    finder = _Finder()
    sys.meta_path.insert(0, finder)
    _importing = True
    try:
        yield
    finally:
        _importing = False
        sys.meta_path.remove(finder)
        for name in [n for n, m in sys.modules.items() if isinstance(m, _StandIn)]:
            del sys.modules[name]


def import_without_sdk(load: Callable[[], Any]) -> Any:
    """``load()`` (which imports the transform) with the SDK stood in, unless it is loaded already.

    Should the transform ever need a real SDK object while importing, the stand-in import fails
    and the transform is imported again for real: slower, never wrong.
    """
    if any(name in sys.modules for name in _SDK):
        return load()
    try:
        with _stand_ins():
            return load()
    except Exception:
        for name in [n for n in sys.modules if n == "samtranslator" or n.startswith("samtranslator.")]:
            del sys.modules[name]
        return load()
