"""``slens review``: the same scan as ``slens scan``, read as a Well-Architected review.

``slens review init [PATH]`` writes the answers file instead of a report; ``slens review push
--workload-id ID [PATH ...]`` shows (or, with ``--apply``, writes) the review in a Well-Architected
Tool workload; ``slens review export --custom-lens FILE`` writes the lens and the rule catalogue as
a custom lens for the Tool.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from slens.config import ConfigError, configured_rules, load_config
from slens.terminal import Progress

REVIEW_FORMATS = ("text", "json", "markdown", "html")


def add_parser(commands: Any) -> argparse.ArgumentParser:
    review: argparse.ArgumentParser = commands.add_parser(
        "review", help="a Well-Architected review: risk per lens question ('review init' writes the answers file)",
        description="Review the Serverless Lens practice by practice; 'slens review init [PATH]' writes "
                    "slens-review.yaml, the team's answers, with the scan's evidence beside each practice.")
    review.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default .)")
    review.add_argument("--format", "-f", choices=REVIEW_FORMATS, default="text", help="report format (default text)")
    review.add_argument("--output", "-o", metavar="FILE", help="write the review (or, for init, the answers) to FILE")
    review.add_argument("--select", action="append", metavar="IDS", help="only these rule ids (comma-separated)")
    review.add_argument("--extend-select", action="append", metavar="IDS",
                        help="also these opt-in rule ids (comma-separated)")
    review.add_argument("--ignore", action="append", metavar="IDS", help="skip these rule ids (comma-separated)")
    review.add_argument("--exclude", action="append", metavar="PATTERN",
                        help="skip paths matching PATTERN, gitignore-style (repeatable)")
    review.add_argument("--config", type=Path, metavar="FILE", help="configuration file (default: discovered)")
    review.add_argument("--answers", type=Path, metavar="FILE",
                        help="the team's answers (default: slens-review.yaml in the first PATH, if there)")
    review.add_argument("--max-answer-age", type=int, default=365, metavar="DAYS",
                        help="answers older than this are reported and not used (default 365)")
    review.add_argument("--since", type=Path, metavar="FILE", help="compare with a previous --format json review")
    review.add_argument("--interactive", action="store_true",
                        help="ask the unanswered practices on the terminal and write the answers file")
    review.add_argument("--workload-id", metavar="ID", help="push: the Well-Architected Tool workload to update")
    review.add_argument("--apply", action="store_true", help="push: write to the workload (default: show the plan)")
    review.add_argument("--profile", metavar="NAME", help="push: the AWS profile (default: the standard chain)")
    review.add_argument("--region", metavar="REGION", help="push: the AWS region (default: the profile's)")
    review.add_argument("--custom-lens", metavar="FILE", help="export: write the catalogue as a WA Tool custom lens")
    return review


def _ids(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _scan(paths: list[str], args: argparse.Namespace) -> Any:
    from slens.loaders import Cache, LoadOptions
    from slens.scan import ScanOptions, scan

    cli = {"select": _ids(args.select), "extend-select": _ids(args.extend_select), "ignore": _ids(args.ignore),
           "exclude": args.exclude or []}
    config = load_config(Path(paths[0]) if paths else Path("."), args.config, cli)
    catalogue, severity = configured_rules(config)
    load = LoadOptions(max_file_size=config.max_file_size, cache=Cache() if config.cache else None)
    options = ScanOptions(None, load, config.exclude, severity, list(config.suppress),
                          str(config.file) if config.file else None, jobs=config.jobs or os.cpu_count() or 1)
    progress = Progress(sys.stderr, show=True)
    try:
        return scan(paths or ["."], catalogue, options, progress)
    finally:
        progress.close()


def _answers_path(args: argparse.Namespace, paths: list[str]) -> Path | None:
    if args.answers is not None:
        return Path(args.answers)
    first = Path(paths[0]) if paths else Path(".")
    found = (first if first.is_dir() else first.parent) / "slens-review.yaml"
    return found if found.is_file() else None


def run(args: argparse.Namespace) -> int:
    from slens.clock import today
    from slens.outputs import Output, write_all
    from slens.report import review_html, review_json, review_markdown, review_text
    from slens.review.answers import load_answers, render_answers
    from slens.review.evaluate import build_review
    from slens.review.since import compare

    init = args.paths[:1] == ["init"]
    push = args.paths[:1] == ["push"]
    paths = args.paths[1:] if init or push else list(args.paths)
    if args.interactive:
        _refuse_interactive(args)
    if push and not args.workload_id:
        raise ConfigError("'slens review push' needs --workload-id ID")
    if args.paths[:1] == ["export"]:
        return _export(args)
    if init and len(paths) > 1:
        raise ConfigError("'slens review init' takes one PATH")
    if args.max_answer_age < 0:
        raise ConfigError("--max-answer-age must be 0 or more days")
    answers_path = _answers_path(args, paths)
    if args.interactive and answers_path is not None and not answers_path.exists():
        answers_path = None  # the file --answers names is the one the session creates
    answers, problems = load_answers(answers_path, today(), args.max_answer_age) if answers_path else ({}, ())
    result = _scan(paths, args)
    review = build_review(result, answers, str(answers_path) if answers_path else None, problems)
    if args.since is not None:
        review = compare(review, args.since)
    if args.interactive:
        return _interactive(args, paths, result, review)
    if push:
        return _push(review, args)
    if init:
        first = Path(paths[0]) if paths else Path(".")
        target = args.output or str((first if first.is_dir() else first.parent) / "slens-review.yaml")
        if os.path.lexists(target):
            raise ConfigError(f"{target} exists: edit it, or write a new one elsewhere with --output")
        text, done = render_answers(review), f"slens: wrote {target}: answer the practices that need a person\n"
    else:
        renderers = {"text": review_text.render, "json": review_json.render, "markdown": review_markdown.render,
                     "html": review_html.render}
        text, target, done = renderers[args.format](review), args.output, ""
    if target is None:
        sys.stdout.write(text)
    else:
        inputs = [*result.scanned_files, *(s.file for s in result.skipped_files), *paths]
        failures = write_all([Output(target, text)], inputs, None)
        for failure in failures:
            sys.stderr.write(f"slens: {failure}\n")
        if failures:
            return 2
        sys.stderr.write(done)
    for problem in review.problems:
        sys.stderr.write(f"slens: {problem.file}:{problem.line or '?'}: {problem.message}\n")
    return review.exit_code


def _push(review: Any, args: argparse.Namespace) -> int:
    from slens.review.push import WORKLOAD_ID, plan, render_plan

    plans = plan(review)
    sys.stdout.write(render_plan(plans, args.workload_id, args.apply))
    for problem in review.problems:
        sys.stderr.write(f"slens: {problem.file}:{problem.line or '?'}: {problem.message}\n")
    blockers = []
    if not WORKLOAD_ID.fullmatch(args.workload_id):
        blockers.append(f"{args.workload_id!r} is not a workload id (32 lowercase hex digits, "
                        "the end of the workload's ARN)")
    if review.errors or review.problems:
        # a push replaces the workload's answers: incomplete evidence would unselect practices
        blockers.append("the review has scan errors or answer problems: fix them before pushing")
    for blocker in blockers:
        sys.stderr.write(f"slens: {'not pushed' if args.apply else 'would not push'}: {blocker}\n")
    if not args.apply or blockers:
        return 2 if blockers else 0
    from botocore.exceptions import BotoCoreError

    from slens.review import wa_tool

    try:
        client = wa_tool.make_client(args.profile, args.region)
    except BotoCoreError as exc:  # no region, an unknown profile: nothing was sent
        sys.stderr.write(f"slens: cannot create a Well-Architected Tool client, nothing pushed: {exc}\n")
        return 2
    return wa_tool.push(client, plans, args.workload_id, sys.stdout)


def _export(args: argparse.Namespace) -> int:
    from slens import __version__
    from slens.outputs import Output, write_all
    from slens.review.custom_lens import custom_lens, problems, render

    if not args.custom_lens or len(args.paths) > 1:
        raise ConfigError("'slens review export' takes no PATH and needs --custom-lens FILE")
    cli = {"select": _ids(args.select), "extend-select": _ids(args.extend_select), "ignore": _ids(args.ignore),
           "exclude": []}
    catalogue, _ = configured_rules(load_config(Path("."), args.config, cli))
    lens = custom_lens(catalogue, __version__)
    wrong = problems(lens)
    if wrong:
        # the Tool would refuse the file: say why here rather than at ImportLens
        for problem in wrong:
            sys.stderr.write(f"slens: custom lens: {problem}\n")
        return 2
    failures = write_all([Output(args.custom_lens, render(lens))], [], None)
    for failure in failures:
        sys.stderr.write(f"slens: {failure}\n")
    if not failures:
        sys.stderr.write(f"slens: wrote {args.custom_lens}: import it in the Well-Architected Tool (ImportLens)\n")
    return 2 if failures else 0


def _refuse_interactive(args: argparse.Namespace) -> None:
    if args.paths[:1] in (["init"], ["push"], ["export"]):
        raise ConfigError(f"--interactive answers the review itself: it does not go with 'review {args.paths[0]}'")
    if args.format != "text" or args.output:
        raise ConfigError("--interactive prints the review as text on the terminal: it does not go with "
                          "--format or --output")
    if sys.stdin is None or not sys.stdin.isatty():
        # answers typed by nobody must not be recorded as a person's
        raise ConfigError("--interactive needs a terminal on standard input (edit slens-review.yaml instead, "
                          "see 'slens review init')")


def _interactive(args: argparse.Namespace, paths: list[str], result: Any, review: Any) -> int:
    from slens.clock import today
    from slens.review.interactive import run as ask_and_write

    first = Path(paths[0]) if paths else Path(".")
    target = Path(args.answers) if args.answers else (first if first.is_dir() else first.parent) / "slens-review.yaml"
    return ask_and_write(result, review, target, paths, today(), args.max_answer_age,
                         sys.stdin, sys.stdout, sys.stderr, args.since)
