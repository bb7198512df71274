"""Command line: argv -> options -> scan() -> a reporter. No analysis and no formatting here."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from slens import __version__

FAIL_ON = ("critical", "high", "medium", "low", "info", "never")


def _split_ids(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="slens", description="Review serverless AWS applications "
                                     "against the Well-Architected Serverless Lens.")
    parser.add_argument("--version", action="version", version=f"slens {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    scan = commands.add_parser("scan", help="scan templates (files or directories, recursively)")
    scan.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    scan.add_argument("--format", choices=("text", "json"), default="text")
    scan.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    scan.add_argument("--fail-on", choices=FAIL_ON, default="medium",
                      help="exit 1 when a finding is at or above this severity (default: medium)")
    scan.add_argument("--select", action="append", metavar="IDS", help="only these rule ids (comma-separated)")
    scan.add_argument("--ignore", action="append", metavar="IDS", help="skip these rule ids (comma-separated)")
    scan.add_argument("--quiet", "-q", action="store_true", help="print nothing but the report's summary line")
    scan.add_argument("--max-file-size", type=int, default=5 * 1024 * 1024, metavar="BYTES",
                      help="larger files are reported as errors (default: 5 MiB)")
    rules = commands.add_parser("rules", help="list the rule catalogue")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rule = commands.add_parser("rule", help="print one rule's documentation")
    rule.add_argument("rule_id", metavar="ID")
    return parser


def _rules_table(fmt: str) -> str:
    from slens.rules import load_catalogue

    catalogue = load_catalogue()
    rows = [{"id": r.id, "name": r.name, "severity": r.severity.value, "question": r.question.value,
             "pillar": r.pillar.value, "practice": r.practice.choice_id, "services": list(r.services),
             "title": r.title, "equivalents": list(r.equivalents)} for r in catalogue]
    if fmt == "json":
        return json.dumps(rows, indent=2) + "\n"
    lines = [f"{'ID':<7} {'NAME':<44} {'SEVERITY':<9} {'LENS':<6} {'SERVICES':<22} TITLE"]
    lines += [f"{r['id']:<7} {r['name']:<44} {r['severity']:<9} {r['question']:<6} "
              f"{','.join(r['services']):<22} {r['title']}" for r in rows]
    return "\n".join(lines) + "\n"


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    directory = os.path.dirname(os.path.abspath(output))
    temporary = os.path.join(directory, f".{os.path.basename(output)}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:  # atomic: never a half-written report
        handle.write(text)
    os.replace(temporary, output)


def _scan(args: argparse.Namespace) -> int:
    from slens.engine import Severity
    from slens.loaders import LoadOptions
    from slens.report import RENDERERS
    from slens.report.text import summary_line
    from slens.rules import load_catalogue
    from slens.scan import ScanOptions, scan

    catalogue = load_catalogue()
    select, ignore = _split_ids(args.select), _split_ids(args.ignore)
    unknown = catalogue.unknown(select + ignore)
    if unknown:
        sys.stderr.write(f"slens: unknown rule id(s): {', '.join(unknown)} (see 'slens rules')\n")
        return 2
    catalogue = catalogue.select(select, ignore)
    fail_on = None if args.fail_on == "never" else Severity(args.fail_on)
    result = scan(args.paths, catalogue, ScanOptions(fail_on, LoadOptions(max_file_size=args.max_file_size)))
    color = args.output is None and args.format == "text" and sys.stdout.isatty() \
        and "NO_COLOR" not in os.environ
    if args.quiet and args.format == "text" and args.output is None:
        sys.stdout.write(summary_line(result) + "\n")
    else:
        try:
            _write(RENDERERS[args.format](result, color), args.output)
        except OSError as exc:
            sys.stderr.write(f"slens: cannot write {args.output}: {exc.strerror or exc}\n")
            return 2
    return result.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command == "scan":
        return _scan(args)
    if args.command == "rules":
        sys.stdout.write(_rules_table(args.format))
        return 0
    from slens.docs import render_rule
    from slens.rules import load_catalogue

    rule = load_catalogue().get(args.rule_id)
    if rule is None:
        sys.stderr.write(f"slens: no rule {args.rule_id!r} (see 'slens rules')\n")
        return 2
    sys.stdout.write(render_rule(rule))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
