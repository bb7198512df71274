"""``slens review --interactive``: the practices nobody answered, asked one by one on a terminal.

Each practice is shown with the scan's evidence, the answer is taken with its notes, owner and
today's date, and the answers file is written the way ``slens review init`` writes it, with the
answers it already had. Whatever stops the questions (quit, end of input, Ctrl-C) saves what was
answered so far: answers typed on a terminal are too costly to lose.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from slens.engine import ScanResult
from slens.review.model import Answer, PracticeReview, Review, Status
from slens.safe_text import escape_controls

PROMPT = "[y]es  [n]o  [a] not applicable  [s]kip  [q]uit and save"
_KEYS = {"y": "yes", "yes": "yes", "n": "no", "no": "no", "a": "not-applicable", "na": "not-applicable",
         "n/a": "not-applicable", "not-applicable": "not-applicable", "not applicable": "not-applicable",
         "s": "skip", "skip": "skip", "q": "quit", "quit": "quit"}


class Stopped(Exception):
    """End of input or Ctrl-C: no more questions, and what was answered is kept."""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _clean(text: str) -> str:
    # what is typed lands in a YAML string and on later terminals: no control character survives
    return "".join(c if c.isprintable() else " " for c in text).strip()


def _read(stdin: TextIO, stdout: TextIO, prompt: str) -> str | None:
    """One line, cleaned; None when it could not be decoded (the caller asks again)."""
    stdout.write(prompt)
    stdout.flush()
    try:
        line = stdin.readline()
    except UnicodeDecodeError:  # bytes that are not text in the terminal's encoding
        return None
    except (OSError, ValueError):  # the terminal hung up, or standard input was closed
        raise Stopped("standard input is gone") from None
    if not line:
        raise Stopped("end of input")
    return _clean(line)


def evidence(practice: PracticeReview) -> list[str]:
    """What the scan knows of a practice, in lines to show before asking."""
    lines = [f"evidence: {escape_controls(practice.reason)}"]
    if practice.rules:
        lines.append(f"          {', '.join(practice.rules)} checked {_plural(practice.checked, 'resource')}, "
                     f"{_plural(len(practice.findings), 'finding')}")
    else:
        lines.append("          no machine can check this practice: a person has to answer")
    return lines


def _choice(stdin: TextIO, stdout: TextIO) -> str:
    while True:
        typed = _read(stdin, stdout, f"  {PROMPT} > ")
        choice = _KEYS.get((typed or "").lower())
        if choice is not None:
            return choice
        said = ("that could not be read" if typed is None else f"{typed!r} is not a choice" if typed
                else "nothing typed")
        stdout.write(f"  {said}: type y, n, a, s or q, then Enter\n")


def ask(practices: Sequence[PracticeReview], today: date, stdin: TextIO, stdout: TextIO,
        owner: str = "") -> tuple[dict[str, Answer], str | None]:
    """The answers given, by practice id (file and line are left for the file to tell), and why the
    questions stopped early (None when every practice was asked or the user quit)."""
    answers: dict[str, Answer] = {}
    try:
        for number, practice in enumerate(practices, 1):
            if number == 1 or practice.question is not practices[number - 2].question:
                stdout.write(f"\n{practice.question.value} {practice.question.title}\n")
            stdout.write(f"  [{number}/{len(practices)}] {practice.choice_id} [{practice.level}] {practice.title}\n")
            stdout.writelines(f"  {line}\n" for line in evidence(practice))
            choice = _choice(stdin, stdout)
            if choice == "quit":
                return answers, None
            if choice == "skip":
                continue
            notes = _read(stdin, stdout, "  notes (optional) > ") or ""
            owner = _read(stdin, stdout, f"  owner [{owner}] > " if owner else "  owner > ") or owner
            answers[practice.choice_id] = Answer(practice.choice_id, choice, "", 0, notes, owner, today.isoformat())
            stdout.write(f"  recorded: {choice}\n")
    # Ctrl-C is caught around the whole loop, not only around reads: wherever it lands, answers are kept
    except KeyboardInterrupt:
        stdout.write("\n")
        return answers, "interrupted"
    except Stopped as stop:
        stdout.write("\n")
        return answers, str(stop)
    return answers, None


def run(result: ScanResult, review: Review, path: Path, paths: Sequence[str], today: date, max_age_days: int,
        stdin: TextIO, stdout: TextIO, stderr: TextIO, since: Path | None = None) -> int:
    """Ask, write ``path`` (never over a template or one of ``paths``, the PATHs named), then print the
    review with the new answers. The exit code."""
    from slens.outputs import Output, write_all
    from slens.report import review_text
    from slens.review.answers import load_answers, render_answers
    from slens.review.evaluate import build_review
    from slens.review.since import compare

    if review.problems:
        # rewriting the file would drop the answers these problems concern
        for problem in review.problems:
            stderr.write(f"slens: {problem.file}:{problem.line or '?'}: {problem.message}\n")
        stderr.write(f"slens: fix the answers file before answering interactively: {path} is not rewritten\n")
        return 2
    open_ = [p for q in review.questions for p in q.practices if p.status is Status.UNANSWERED]
    if not open_:
        stderr.write("slens: every practice has a status: nothing to ask\n")
        return review.exit_code
    stdout.write(f"{_plural(len(open_), 'practice')} to answer; the answers go to {path}\n")
    given, stopped = ask(open_, today, stdin, stdout, os.environ.get("USER", ""))
    if not given:
        stderr.write(f"slens: {stopped + ': ' if stopped else ''}nothing answered: {path} is not written\n")
        return review.exit_code
    if stopped:
        stderr.write(f"slens: {stopped}: saving the {_plural(len(given), 'answer')} given so far\n")
    kept = {p.choice_id: p.answer for q in review.questions for p in q.practices if p.answer is not None}
    # evaluated again so that each practice's comment in the file says what the answer made of it
    text = render_answers(build_review(result, {**kept, **given}, str(path)))
    target = os.path.realpath(path)
    # a scan skips the answers file as no template, yet it is the one file this command rewrites
    skipped = [s.file for s in result.skipped_files if os.path.realpath(s.file) != target]
    failures = write_all([Output(str(path), text)], [*result.scanned_files, *skipped, *paths], None)
    for failure in failures:
        stderr.write(f"slens: {failure}\n")
    if failures:
        return 2
    answers, problems = load_answers(path, today, max_age_days)
    after = build_review(result, answers, str(path), problems)
    if since is not None:
        after = compare(after, since)
    remaining = sum(1 for q in after.questions for p in q.practices if p.status is Status.UNANSWERED)
    stderr.write(f"slens: wrote {path}: {_plural(len(given), 'answer')} given, {_plural(remaining, 'practice')}"
                 " still unanswered\n")
    stdout.write("\n" + "".join(f"{line}\n" for line in risk_changes(review, after)) + review_text.render(after))
    for problem in after.problems:
        stderr.write(f"slens: {problem.file}:{problem.line or '?'}: {problem.message}\n")
    return after.exit_code


def risk_changes(before: Review, after: Review) -> list[str]:
    """One line per question whose risk the answers changed, so that the effect is seen first."""
    was = {q.question: q.risk for q in before.questions}
    changed = [f"  {q.question.value:<5}  {was[q.question].value} -> {q.risk.value}"
               for q in after.questions if was.get(q.question, q.risk) is not q.risk]
    return ["Risk changed by these answers:", *changed, ""] if changed else ["No question's risk changed.", ""]
