"""Lambda managed runtimes and their deprecation dates (LAM004 and LAM005 read them).

Dates are the "Deprecation date" column of the AWS Lambda runtimes page
(https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), cross-checked with the
tables of cfn-lint and tflint-ruleset-aws; they are projections that AWS moves now and then,
so refresh this table with each release.

``slens.clock.today()`` is the date the rules compare against. Set the environment variable
``SLENS_TODAY`` to an ISO date (``2027-01-31``) to evaluate a template as of another day,
for reproducible reports and for tests.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

#: LAM005 warns this many days ahead of a runtime's deprecation date
SOON = timedelta(days=180)

#: runtime identifier -> date on which Lambda deprecates it
DEPRECATION_DATES: dict[str, date] = {
    # supported (projected dates)
    "nodejs24.x": date(2028, 4, 30),
    "nodejs22.x": date(2027, 4, 30),
    "nodejs20.x": date(2026, 4, 30),
    "python3.14": date(2029, 6, 30),
    "python3.13": date(2029, 6, 30),
    "python3.12": date(2028, 10, 31),
    "python3.11": date(2026, 6, 30),
    "python3.10": date(2026, 6, 30),
    "python3.9": date(2025, 12, 15),
    "java25": date(2029, 6, 30),
    "java21": date(2029, 6, 30),
    "java17": date(2026, 6, 30),
    "java11": date(2026, 6, 30),
    "java8.al2": date(2026, 6, 30),
    "dotnet10": date(2028, 11, 14),
    "dotnet8": date(2026, 11, 10),
    "ruby3.4": date(2028, 3, 31),
    "ruby3.3": date(2027, 3, 31),
    "ruby3.2": date(2026, 3, 31),
    "provided.al2023": date(2029, 6, 30),
    "provided.al2": date(2026, 6, 30),
    # deprecated
    "nodejs18.x": date(2025, 9, 1),
    "nodejs16.x": date(2024, 6, 12),
    "nodejs14.x": date(2023, 12, 4),
    "nodejs12.x": date(2023, 3, 31),
    "nodejs10.x": date(2021, 7, 30),
    "nodejs8.10": date(2020, 3, 6),
    "nodejs6.10": date(2019, 8, 12),
    "nodejs4.3": date(2020, 3, 5),
    "nodejs4.3-edge": date(2020, 3, 5),
    "nodejs": date(2016, 10, 31),
    "python3.8": date(2024, 10, 14),
    "python3.7": date(2023, 12, 4),
    "python3.6": date(2022, 7, 18),
    "python2.7": date(2021, 7, 15),
    "java8": date(2024, 1, 8),
    "dotnet7": date(2024, 5, 14),
    "dotnet6": date(2024, 12, 20),
    "dotnet5.0": date(2022, 5, 10),
    "dotnetcore3.1": date(2023, 4, 3),
    "dotnetcore2.1": date(2022, 1, 5),
    "dotnetcore2.0": date(2019, 5, 30),
    "dotnetcore1.0": date(2019, 6, 27),
    "ruby2.7": date(2023, 12, 7),
    "ruby2.5": date(2021, 7, 30),
    "go1.x": date(2024, 1, 8),
    "provided": date(2024, 1, 8),
}


def deprecation_date(runtime: str) -> date | None:
    """When ``runtime`` is (or was) deprecated; None for runtimes not in the table."""
    return DEPRECATION_DATES.get(runtime.strip().lower())


# -- what each runtime can run on ------------------------------------------------------------

#: runtimes that only ever ran on x86_64
_X86_ONLY = frozenset({
    "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x", "python2.7",
    "python3.6", "python3.7", "java8", "go1.x", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1",
    "dotnetcore3.1", "dotnet5.0", "ruby2.5", "provided",
})
_FAMILY = re.compile(r"^(nodejs|python|java|dotnet|ruby|provided)")
_JAVA = re.compile(r"^java(\d+)$")


def runtime_family(runtime: str) -> str | None:
    """``python3.12`` -> ``python``; None for strings that are no Lambda runtime."""
    match = _FAMILY.match(runtime.strip().lower())
    return match.group(1) if match else None


def supports_arm64(runtime: str) -> bool | None:
    """Whether Lambda runs ``runtime`` on arm64 (Graviton); None for runtimes it does not know."""
    name = runtime.strip().lower()
    if name in _X86_ONLY:
        return False
    return True if runtime_family(name) else None


def supports_snapstart_java(runtime: str) -> bool:
    """Java managed runtimes that SnapStart supports (Java 11 and later)."""
    match = _JAVA.match(runtime.strip().lower())
    return match is not None and int(match.group(1)) >= 11
