"""Command line: argv -> configuration -> scan() -> reporters. No analysis and no formatting here."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from slens import __version__, live_command, since_command
from slens.config import FAIL_ON, Config, ConfigError, configured_rules, describe, load_config, read_config_text
from slens.terminal import Progress, did_you_mean, nearest, table

FORMATS = ("text", "json", "sarif", "junit", "gitlab", "github", "markdown", "concise")
#: the exit code of a run stopped by Ctrl-C, as shells report a process ended by SIGINT
INTERRUPTED = 130


def _ids(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


class _Parser(argparse.ArgumentParser):
    """argparse, suggesting the nearest choice when one is mistyped."""

    commands: dict[str, argparse.ArgumentParser]

    def error(self, message: str) -> NoReturn:
        # argparse quotes the choices up to Python 3.12.7 and not after: both are read
        choice = re.search(r"invalid choice: (.+?) \(choose from (.+)\)$", message)
        if choice:
            hint = did_you_mean(choice.group(1).strip("'"), [c.strip(" '") for c in choice.group(2).split(",")])
            message += hint.replace(" (", "; ").rstrip(")")
        super().error(message)


def _parser() -> _Parser:
    parser = _Parser(prog="slens", description="Review serverless AWS applications "
                     "against the Well-Architected Serverless Lens.")
    parser.add_argument("--version", action="version", version=f"slens {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    scan = commands.add_parser("scan", help="scan templates (files or directories, recursively)")
    scan.add_argument("paths", nargs="*", metavar="PATH")
    scan.add_argument("--format", "-f", choices=FORMATS, help="report format on stdout or --output (default text)")
    scan.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    scan.add_argument("--report", action="append", metavar="FORMAT=PATH",
                      help="also write FORMAT to PATH in the same run (repeatable)")
    scan.add_argument("--fail-on", choices=FAIL_ON, help="exit 1 on a finding at or above this (default medium)")
    scan.add_argument("--select", action="append", metavar="IDS", help="only these rule ids (comma-separated)")
    scan.add_argument("--extend-select", action="append", metavar="IDS",
                        help="also these opt-in rule ids (comma-separated)")
    scan.add_argument("--ignore", action="append", metavar="IDS", help="skip these rule ids (comma-separated)")
    scan.add_argument("--exclude", action="append", metavar="PATTERN",
                      help="skip paths matching PATTERN, gitignore-style (repeatable)")
    scan.add_argument("--quiet", "-q", action="store_true", help="print only the summary line")
    scan.add_argument("--max-file-size", type=int, metavar="BYTES", help="larger files are errors (5 MiB)")
    scan.add_argument("--config", type=Path, metavar="FILE", help="configuration file (default: discovered)")
    scan.add_argument("--include-suppressed", action="store_true", help="also report suppressed findings")
    scan.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    scan.add_argument("--write-baseline", metavar="FILE", help="record today's findings in FILE")
    scan.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: one per core)")
    scan.add_argument("--no-cache", dest="cache", action="store_false", default=None,
                      help="do not read or write the cache of loaded templates ($XDG_CACHE_HOME/slens)")
    live_command.add_arguments(scan)
    since_command.add_arguments(scan)
    scan.add_argument("--sarif-all-rules", action="store_true", default=None,
                      help="describe every rule that ran in SARIF, not only those with results")
    rules = commands.add_parser("rules", help="list the rule catalogue")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--by", choices=("id", "question", "service"), default="id", help="grouping of the list")
    rule = commands.add_parser("rule", help="print one rule's documentation")
    rule.add_argument("rule_id", metavar="ID")
    config = commands.add_parser("config", help="show the effective configuration and where each value came from")
    config.add_argument("path", nargs="?", default=".")
    config.add_argument("--config", type=Path, metavar="FILE")
    from slens.review_command import add_parser

    parser.commands = {"scan": scan, "rules": rules, "rule": rule, "config": config, "review": add_parser(commands)}
    return parser


def _parse(parser: _Parser, argv: Sequence[str] | None) -> argparse.Namespace:
    """parse_args, naming the nearest known option for an unknown one (argparse only says it is unknown)."""
    args, extras = parser.parse_known_args(argv)
    if isinstance(getattr(args, "paths", None), list) and not any(e.startswith("-") for e in extras):
        # argparse ends a nargs="*" positional at the first option: 'review push --workload-id ID PATH'
        args.paths.extend(extras)
        extras = []
    if extras:
        command = parser.commands[args.command]
        known = [o for action in command._actions for o in action.option_strings]
        hints = [did_you_mean(extra.split("=")[0], known) for extra in extras if extra.startswith("-")]
        hint = next((h for h in hints if h), "").replace(" (", "; ").rstrip(")")
        command.error(f"unrecognized arguments: {' '.join(extras)}{hint}")
    return args


def _rules_table(fmt: str, by: str) -> str:
    from slens.rules import load_catalogue

    catalogue = load_catalogue()
    rows: list[dict[str, Any]] = [
        {"id": r.id, "name": r.name, "severity": r.severity.value, "question": r.question.value,
         "pillar": r.pillar.value, "practice": r.practice.choice_id, "services": [s.value for s in r.services],
         "title": r.title, "equivalents": list(r.equivalents), "opt_in": r.opt_in,
         "related": list(r.related)} for r in catalogue]
    if fmt == "json":
        return json.dumps(rows, indent=2) + "\n"
    # on a terminal titles are wrapped to its width; piped, each rule stays on one line
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    header = ("ID", "NAME", "SEVERITY", "LENS", "SERVICES", "TITLE")

    def cells(r: dict[str, Any]) -> tuple[str, ...]:
        return r["id"], r["name"], r["severity"], r["question"], ",".join(r["services"]), r["title"]

    if by == "id":
        return "\n".join(table(header, [cells(r) for r in rows], width)) + "\n"
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        keys: list[str] = [r["question"]] if by == "question" else list(r["services"])
        for key in keys:
            groups.setdefault(key, []).append(r)
    order = ["OPS1", "OPS2", "SEC1", "SEC2", "SEC3", "REL1", "REL2", "PERF1", "COST1"] if by == "question" \
        else sorted(groups)
    every = [cells(r) for r in rows]  # every group is sized alike, so that the whole listing lines up
    out = table(header, [], width, "  ", every)
    for key in order:
        out += [f"{key} ({len(groups.get(key, []))} rules)",
                *table(None, [cells(r) for r in groups.get(key, [])], width, "  ", every), ""]
    return "\n".join(out)


def _load(args: argparse.Namespace) -> Config:
    cli: dict[str, Any] = {"select": _ids(args.select), "extend-select": _ids(args.extend_select),
                           "ignore": _ids(args.ignore), "fail-on": args.fail_on,
                           "exclude": args.exclude or [], "format": args.format, "output": args.output,
                           "report": args.report or [], "max-file-size": args.max_file_size,
                           "baseline": args.baseline, "include-suppressed": args.include_suppressed or None,
                           "jobs": args.jobs, "cache": args.cache, "sarif-all-rules": args.sarif_all_rules}
    start = Path(args.paths[0]) if args.paths else Path(".")
    return load_config(start, args.config, cli)


def _scan(args: argparse.Namespace) -> int:
    from functools import partial

    from slens.engine.baseline import BaselineError, read, recorded, rule_ids
    from slens.engine.baseline import render as render_baseline
    from slens.loaders import LoadOptions
    from slens.outputs import Output, write_all
    from slens.report import RENDERERS, sarif
    from slens.report.text import summary_line
    from slens.scan import ScanOptions, scan

    config = _load(args)
    catalogue, severity = configured_rules(config)
    reports: list[tuple[str, str]] = []
    for item in config.report:
        fmt, _, path = item.partition("=")
        if fmt not in RENDERERS or not path:
            raise ConfigError(f"--report {item!r}: expected FORMAT=PATH with FORMAT one of {', '.join(RENDERERS)}")
        reports.append((fmt, path))
    if config.format not in RENDERERS:
        raise ConfigError(f"format {config.format!r} is not one of {', '.join(RENDERERS)}")
    baseline = None
    if config.baseline and not args.write_baseline:
        try:
            text = read_config_text(Path(config.baseline))
            baseline = frozenset(read(config.baseline, text))
        except BaselineError as exc:
            raise ConfigError(str(exc)) from None
        catalogue = catalogue.noting(str(config.baseline), rule_ids(text))  # entries naming a renamed rule
    from slens.loaders import Cache

    load = LoadOptions(max_file_size=config.max_file_size, cache=Cache() if config.cache else None)
    options = ScanOptions(config.fail_on, load, config.exclude, severity, list(config.suppress),
                          str(config.file) if config.file else None, baseline,
                          jobs=config.jobs or os.cpu_count() or 1)
    previous, webhook = since_command.previous(args), since_command.webhook_url(args)
    targets, snapshot = live_command.targets(args, options.jobs)
    progress = Progress(sys.stderr, show=not args.quiet)
    try:
        # with a live review and no PATH, the account alone is reviewed, not the working directory
        result = scan([*(args.paths or ([] if targets else ["."])), *targets], catalogue, options, progress)
    except KeyboardInterrupt:
        progress.close()
        counts = (f"after {progress.done} of {progress.total} files" if progress.total is not None
                  else "while looking for templates")
        sys.stderr.write(f"slens: interrupted {counts}\n")
        return INTERRUPTED
    progress.close()
    since = since_command.compare(result, previous, args.since)  # before suppressed findings are dropped
    renderers = since_command.renderers(RENDERERS, since)
    if config.sarif_all_rules:
        renderers["sarif"] = partial(sarif.render, all_rules=True)
    if not config.include_suppressed:
        from dataclasses import replace

        result = replace(result, suppressed=())
    outputs = [*snapshot, *(Output(path, renderers[fmt](result, False), config.sources["report"])
                            for fmt, path in reports)]
    if args.write_baseline:
        outputs.append(Output(args.write_baseline, render_baseline(result.findings)))
    if config.output:
        outputs.append(Output(config.output, renderers[config.format](result, False), config.sources["output"]))
    elif args.quiet and config.format == "text":
        sys.stdout.write(summary_line(result) + "\n" + since_command.quiet_line(since))
    else:
        color = config.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        sys.stdout.write(renderers[config.format](result, color))
    inputs = [*result.scanned_files, *(s.file for s in result.skipped_files), *(args.paths or [])]
    failures = write_all(outputs, inputs, str(config.file) if config.file else None)
    for failure in failures:  # each report is attempted; each one that failed is said
        sys.stderr.write(f"slens: {failure}\n")
    since_command.notify(webhook, result, since, args.quiet)
    if failures:
        return 2
    if args.write_baseline:
        # recording today's findings is what was asked for, so they do not fail the run; errors
        # still do, because their files' findings are missing from the baseline
        count = recorded(result.findings)
        sys.stderr.write(f"slens: wrote {count} finding{'s' if count != 1 else ''} to {args.write_baseline}\n")
        return 2 if result.errors else 0
    return result.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = _parse(parser, argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    from slens.engine.catalogue import CatalogueError  # imported here: --version and --help stay light

    try:
        return _run(args)
    except CatalogueError as exc:
        sys.stderr.write(f"slens: {exc}\n")
        return 2
    except KeyboardInterrupt:  # outside a scan's files (a scan says how far it got)
        sys.stderr.write("slens: interrupted\n")
        return INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command == "scan":
            return _scan(args)
        if args.command == "review":
            from slens.review_command import run

            return run(args)
        if args.command == "config":
            sys.stdout.write(describe(load_config(Path(args.path), args.config)))
            return 0
    except ConfigError as exc:
        sys.stderr.write(f"slens: configuration error: {exc}\n")
        return 2
    if args.command == "rules":
        sys.stdout.write(_rules_table(args.format, args.by))
        return 0
    from slens.docs import render_rule
    from slens.rules import load_catalogue

    catalogue = load_catalogue()
    rule = catalogue.get(args.rule_id)
    if rule is None:
        close = nearest(args.rule_id, [r.id for r in catalogue] + [r.name for r in catalogue])
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        sys.stderr.write(f"slens: no rule {args.rule_id!r}{hint} (see 'slens rules')\n")
        return 2
    sys.stdout.write(render_rule(rule))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
