"""Import the SAM transform without the libraries it imports but never needs here.

aws-sam-translator imports boto3 and botocore at module level, for calls a static review
never makes: slens hands the translator a session that only answers the region, swaps
application locations for placeholders, and never asks for feature toggles. It imports
jsonschema to check its own bundled policy templates, which slens loads once, unchecked
(they ship with the transform and are tested there). Together these are about 0.35 s of
every process, half the transform's import time. So while the transform is imported, they
resolve to stand-ins; a stand-in that is used anyway loads the real library and forwards the
call, so behaviour never changes, only the cost moves to where it is needed. The stand-ins
leave ``sys.modules`` as soon as the import is done (anything else in the process gets the
real library), and a library that is already imported is used as it is.

Two of the transform's own modules, the pydantic schema models of functions and capacity
providers, are only read for rare properties and resources; they are imported lazily
(``importlib.util.LazyLoader``) and built on first use, saving another 0.1 s per process.

Which libraries and modules these are is the translator's business, so ``transform_adapter``
names them (``UNUSED``, ``LAZY``) and reports when the lean import could not be done.

Keeping the SDK out also makes "static review does not touch the network" visible: a scan's
process never imports the library that could.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder
from importlib.util import LazyLoader
from types import ModuleType
from typing import Any


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
            # used in ``except`` clauses, which need a class: no SDK call is made and the policy
            # templates are not validated, so none is ever raised
            made = type(name, (Exception,), {"__module__": self.__name__})
        elif name[:1].isupper():
            made = _DeferredClass(name, (), {"__module__": self.__name__})
        else:
            made = _Deferred(self.__name__, name)
        setattr(self, name, made)
        return made


class _Finder(MetaPathFinder, Loader):
    def __init__(self, packages: set[str]) -> None:
        self.packages = packages

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None,
                  ) -> ModuleSpec | None:
        if fullname.split(".")[0] not in self.packages:
            return None
        return ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        module = _StandIn(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module: ModuleType) -> None:
        pass


class _LazyFinder(MetaPathFinder):
    """The real modules named, executed when first read from (``importlib.util.LazyLoader``)."""

    def __init__(self, modules: Collection[str]) -> None:
        self.modules = modules

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None,
                  ) -> ModuleSpec | None:
        if fullname not in self.modules:
            return None
        spec = PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = LazyLoader(spec.loader)
        return spec


@contextmanager
def _stand_ins(packages: set[str], lazy: Collection[str]) -> Iterator[None]:
    global _importing
    finders = [_Finder(packages), _LazyFinder(lazy)]
    sys.meta_path[:0] = finders
    _importing = True
    try:
        yield
    finally:
        _importing = False
        for finder in finders:
            sys.meta_path.remove(finder)
        # ``type``, not ``isinstance``: reading ``__class__`` would load a lazy module now
        for name in [n for n, m in list(sys.modules.items()) if type(m) is _StandIn]:
            del sys.modules[name]


def import_lean(load: Callable[[], None], package: str, unused: Collection[str], lazy: Collection[str],
                ) -> str | None:
    """``load()`` (which imports ``package``) with the ``unused`` libraries stood in and the ``lazy``
    modules loaded on first use; None, or why it had to import them after all.

    Should ``package`` ever need a real object of theirs while importing, the stand-in import fails
    and ``package`` is imported again for real: slower, never wrong, and said (the reason is returned
    for the caller's warning). Only what a stand-in can cause is caught that way; anything else is
    ``package``'s own error, raised as it is.
    """
    packages = {name for name in unused if name not in sys.modules}
    if not packages:
        load()
        return None
    try:
        with _stand_ins(packages, lazy):
            load()
        return None
    except (ImportError, AttributeError, TypeError) as exc:
        # a stand-in used at import time: a missing name, a module that is not one, an object that
        # is not a class or cannot be combined with another value
        reason = f"{', '.join(sorted(packages))} ({type(exc).__name__}: {exc})"
    except BaseException:
        _forget(package)  # a half-imported package must not pass for the real one
        raise
    _forget(package)
    load()
    return reason


def _forget(package: str) -> None:
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]
