"""The one place slens reaches into aws-sam-translator's internals, for the transform's speed.

slens uses the translator's public surface (``Parser``, ``Translator``,
``InvalidDocumentException``, ``PolicyTemplatesProcessor.get_default_policy_templates_json``)
and, to make a scan several times faster, a few of its privates, all named in ``PRIVATES``:

- the policy-template plugin factory: the stock one loads and validates the bundled policy
  templates for every template (once most of the transform's time); one shared processor,
  loaded once and unchecked (the templates ship with the translator and are tested there),
  serves every template, as the plugin keeps no state between them;
- ``SamResourceType.has_value``, which walks the enum on every call (many per resource), and
  ``ResourceTypeResolver.__init__``, which lists a module's classes with ``inspect.getmembers``
  once per template: a set and a per-module table answer the same (a tenth of the time);
- two pydantic schema modules the translator consults only for rare resources, imported lazily
  by ``lean_import`` (a tenth of a second per process).

Each private is checked once, when the transform is set up. A patch whose privates are all there
is applied; one whose private is missing or moved is skipped, and one warning (per process)
names every missing private: the review is the same, only slower, and says so instead of
running silently slower. ``tests/test_transform_adapter.py`` fails naming the private.

``VERIFIED`` is the range of translator releases every private was checked in, and the
transform's output compared with and without the patches (its lowest is pyproject.toml's
bound). The version is deliberately not what decides: the privates themselves are checked on
every run, so a newer release that keeps them is as safe as a verified one, and one that moves
them is caught whatever its number. So a release newer than ``VERIFIED`` is a notice in the
tests (verify it and widen the range), not a failure: CI's newest-dependencies pass would
otherwise go red the day the translator is released, with nothing broken. A moved private is
the failure.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

#: lowest and highest translator release (major, minor) checked; the lowest is pyproject.toml's
VERIFIED = ((1, 107), (1, 115))


class TransformPatchWarning(RuntimeWarning):
    """A speed patch of the SAM transform was skipped: same results, slower."""


@dataclass(frozen=True)
class Private:
    """A translator internal: ``attribute`` is a dotted path in ``module`` ("" for the module)."""

    module: str
    attribute: str = ""
    #: module, function, class, staticmethod or classmethod (defined on the class itself), method,
    #: or instance (an attribute every instance gets from ``__init__``)
    kind: str = "module"

    @property
    def name(self) -> str:
        return f"{self.module}.{self.attribute}" if self.attribute else self.module


_TRANSLATOR = "samtranslator.translator.translator"
POLICY_FACTORY = Private(_TRANSLATOR, "make_policy_template_for_function_plugin", "function")
POLICY_PLUGIN = Private(_TRANSLATOR, "PolicyTemplatesForResourcePlugin", "class")
TEMPLATES_CHECK = Private("samtranslator.policy_template_processor.processor",
                          "PolicyTemplatesProcessor._is_valid_templates_dict", "staticmethod")
HAS_VALUE = Private("samtranslator.sdk.resource", "SamResourceType.has_value", "classmethod")
RESOLVER_INIT = Private("samtranslator.model", "ResourceTypeResolver.__init__", "method")
RESOLVER_TABLE = Private("samtranslator.model", "ResourceTypeResolver.resource_types", "instance")
FUNCTION_SCHEMA = Private("samtranslator.internal.schema_source.aws_serverless_function")
CAPACITY_SCHEMA = Private("samtranslator.internal.schema_source.aws_serverless_capacity_provider")

PRIVATES = (POLICY_FACTORY, POLICY_PLUGIN, TEMPLATES_CHECK, HAS_VALUE, RESOLVER_INIT, RESOLVER_TABLE,
            FUNCTION_SCHEMA, CAPACITY_SCHEMA)
#: the schema modules ``lean_import`` loads on first use
LAZY = (FUNCTION_SCHEMA.module, CAPACITY_SCHEMA.module)
#: what the translator imports and a static review never uses (``lean_import``)
UNUSED = ("boto3", "botocore", "s3transfer", "jsonschema")


@dataclass(frozen=True)
class Transform:
    """The transform, set up: its translator module, the privates found missing, the patches applied."""

    translator: ModuleType
    missing: tuple[Private, ...]
    patched: tuple[str, ...]
    #: why the transform was imported with the libraries it does not need, if it was
    heavy_import: str | None = None


_transform: Transform | None = None


def set_up() -> Transform:
    """Import the transform and patch it, once per process (forked workers inherit it)."""
    global _transform
    if _transform is None:
        _transform = _set_up()
    return _transform


def _set_up() -> Transform:
    from slens.loaders.lean_import import import_lean

    logging.getLogger("samtranslator").setLevel(logging.ERROR)
    heavy = import_lean(_import_transform, "samtranslator", UNUSED, LAZY)
    missing = tuple(p for p in PRIVATES if not present(p))
    translator: Any = sys.modules[_TRANSLATOR]
    patched = []
    if POLICY_FACTORY not in missing and POLICY_PLUGIN not in missing:
        processor = _policy_templates(checked=TEMPLATES_CHECK in missing)
        plugin_class = translator.PolicyTemplatesForResourcePlugin
        translator.make_policy_template_for_function_plugin = lambda: plugin_class(processor)
        patched.append("policy templates loaded once" + (", checked" if TEMPLATES_CHECK in missing else ""))
    if HAS_VALUE not in missing:
        _fast_has_value()
        patched.append("SamResourceType.has_value")
    if RESOLVER_INIT not in missing and RESOLVER_TABLE not in missing:
        _resolver_tables()
        patched.append("ResourceTypeResolver tables")
    transform = Transform(translator, missing, tuple(patched), heavy)
    if missing or heavy:
        warnings.warn(warning(transform), TransformPatchWarning, stacklevel=3)
    return transform


def warning(transform: Transform) -> str:
    """The one warning of a set-up that could not apply every patch."""
    found = installed_version()
    low, high = (".".join(map(str, v)) for v in VERIFIED)
    parts = []
    if transform.missing:
        parts.append(f"aws-sam-translator {found} has moved internals that slens's speed-up of the SAM transform "
                     f"relies on: {', '.join(p.name for p in transform.missing)}")
    if transform.heavy_import:
        parts.append(f"aws-sam-translator {found} needed {transform.heavy_import} to import")
    return (f"slens: {'; '.join(parts)}. The transform runs without those patches: the same results, slower "
            f"(verified with {low} to {high}; please report it)")


def present(private: Private) -> bool:
    """Whether ``private`` is where slens expects it, as what it expects (the module is imported if needed)."""
    if private.kind == "module":
        if private.module in sys.modules:
            return True
        try:
            return importlib.util.find_spec(private.module) is not None
        except ImportError:  # a parent package moved
            return False
    try:
        owner: Any = importlib.import_module(private.module)
    except ImportError:
        return False
    *path, name = private.attribute.split(".")
    for part in path:
        owner = getattr(owner, part, None)
    if private.kind in ("function", "class"):
        found = getattr(owner, name, None)
        return isinstance(found, type) if private.kind == "class" else callable(found)
    if not isinstance(owner, type):
        return False
    own = owner.__dict__.get(name)
    if private.kind == "staticmethod":
        return isinstance(own, staticmethod)
    if private.kind == "classmethod":
        return isinstance(own, classmethod)
    if private.kind == "method":
        return callable(own)
    try:  # an instance attribute: made by a resolver of no modules, which lists nothing
        return isinstance(getattr(owner(), name, None), dict)
    except TypeError:
        return False


def installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("aws-sam-translator")
    except PackageNotFoundError:
        return "(version unknown)"


def verified(version: str) -> bool | None:
    """True inside ``VERIFIED``, False below it, None above it (newer: not checked yet)."""
    numbers = tuple(int(part) for part in version.split(".")[:2] if part.isdigit())
    if numbers < VERIFIED[0]:
        return False
    return True if numbers <= VERIFIED[1] else None


def _import_transform() -> None:
    import samtranslator.model.exceptions
    import samtranslator.parser.parser
    import samtranslator.policy_template_processor.processor
    import samtranslator.translator.translator  # noqa: F401


def _policy_templates(checked: bool) -> Any:
    """The bundled policy templates, loaded once; unchecked unless the check moved (checking costs
    jsonschema's import and a validation)."""
    from samtranslator.policy_template_processor.processor import PolicyTemplatesProcessor as processor

    if checked:
        return processor(processor.get_default_policy_templates_json())
    check = processor.__dict__["_is_valid_templates_dict"]
    processor._is_valid_templates_dict = staticmethod(lambda *_: True)
    try:
        return processor(processor.get_default_policy_templates_json())
    finally:
        processor._is_valid_templates_dict = check


def _fast_has_value() -> None:
    from samtranslator.sdk.resource import SamResourceType

    values = frozenset(item.value for item in SamResourceType)
    SamResourceType.has_value = classmethod(lambda cls, value: isinstance(value, str) and value in values)


def _resolver_tables() -> None:
    from samtranslator.model import ResourceTypeResolver

    build: Callable[..., None] = ResourceTypeResolver.__init__
    tables: dict[tuple[str, ...], dict[str, Any]] = {}

    def resolver(self: Any, *modules: Any) -> None:
        key = tuple(module.__name__ for module in modules)
        if key not in tables:
            build(self, *modules)
            tables[key] = dict(self.resource_types)
        self.resource_types = dict(tables[key])

    ResourceTypeResolver.__init__ = resolver
