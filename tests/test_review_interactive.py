"""``slens review --interactive``: the unanswered practices asked on a terminal, the answers file written.

The command runs as a real process on a pseudo-terminal; every read has a deadline, so a prompt that
never comes fails the test instead of hanging it. The question loop is also driven with text streams.
"""

from __future__ import annotations

import io
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from slens.lens import Question
from slens.review.answers import load_answers
from slens.review.interactive import PROMPT, ask, evidence
from slens.review.model import Answer, PracticeReview, Status

ROOT = Path(__file__).resolve().parent.parent
AFTER = ROOT / "examples" / "recipe-app" / "after"
TODAY = date(2026, 12, 6)
#: the practices of the recipe app (after) that need a person, in the order they are asked
OPEN = ("ops_ops_q1_a2", "sec_sec_q1_a2", "sec_sec_q2_a2", "cost_cost_q1_a1")
CHOICE = PROMPT + " > "


def _env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "SLENS_TODAY": TODAY.isoformat(), "USER": "ana",
            "PYTHONPATH": os.pathsep.join(sys.path)}


def _foreground() -> None:
    # a shell runs background jobs with Ctrl-C ignored, and Python keeps it ignored: a test run started
    # that way would wait for a KeyboardInterrupt that never comes
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Terminal:
    """slens on a pseudo-terminal: stdin, stdout and stderr are the terminal, as in a shell."""

    def __init__(self, cwd: Path, *args: str) -> None:
        self.master, slave = os.openpty()
        self.process = subprocess.Popen([sys.executable, "-m", "slens", "review", "--interactive", *args],
                                        cwd=cwd, env=_env(), stdin=slave, stdout=slave, stderr=slave,
                                        preexec_fn=_foreground)
        os.close(slave)
        self.seen = ""
        self.at = 0

    def _read(self, deadline: float) -> bool:
        """Reads what is there within the deadline; False once the terminal is closed."""
        ready, _, _ = select.select([self.master], [], [], max(0.0, min(0.2, deadline - time.monotonic())))
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the process ended and the terminal is closed
            return False
        self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return bool(chunk)

    def expect(self, text: str, timeout: float = 20) -> str:
        """Waits for ``text`` after what was already expected; what came before it."""
        deadline = time.monotonic() + timeout
        while (found := self.seen.find(text, self.at)) < 0:
            if time.monotonic() > deadline or not self._read(deadline):
                raise AssertionError(f"never saw {text!r}; the terminal showed:\n{self.seen[self.at:]}")
        before, self.at = self.seen[self.at:found], found + len(text)
        return before

    def send(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def answer(self, choice: str, notes: str = "", owner: str = "") -> None:
        self.expect(CHOICE)
        self.send(choice)
        self.expect("notes (optional) > ")
        self.send(notes)
        self.expect(" > ")
        self.send(owner)

    def finish(self, timeout: float = 30) -> tuple[int, str]:
        """The exit code, and everything shown since the last expected text."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._read(deadline):
            if self.process.poll() is not None and not select.select([self.master], [], [], 0.1)[0]:
                break
        return self.process.wait(timeout=max(1.0, deadline - time.monotonic())), self.seen[self.at:]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        os.close(self.master)


@pytest.fixture
def app(tmp_path: Path) -> Path:
    shutil.copytree(AFTER, tmp_path / "app")
    return tmp_path / "app"


@pytest.fixture
def terminal() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    try:
        yield opened
    finally:
        for term in opened:
            term.close()


def _start(opened: list[Terminal], cwd: Path, *args: str) -> Terminal:
    opened.append(Terminal(cwd, *args))
    return opened[-1]


def _review_json(cwd: Path, *args: str) -> dict[str, dict[str, object]]:
    out = subprocess.run([sys.executable, "-m", "slens", "review", *args, "--format", "json"], cwd=cwd,
                         env=_env(), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return {p["choice_id"]: p for q in json.loads(out.stdout)["questions"] for p in q["practices"]}


# on a terminal

def test_answers_typed_on_a_terminal_are_written_and_the_next_review_uses_them(
        app: Path, terminal: list[Terminal]) -> None:
    term = _start(terminal, app.parent, "app")
    assert "4 practices to answer; the answers go to app/slens-review.yaml" in term.expect(CHOICE)
    shown = term.seen
    assert "ops_ops_q1_a2 [best] Use application, business, and operations metrics" in shown
    assert "no machine can check this practice" in shown
    term.send("y")
    term.expect("notes (optional) > ")
    term.send("orders per minute on the team dashboard")
    term.expect("owner [ana] > ")  # USER is the first default
    term.send("")
    term.answer("n", "", "bob")
    term.answer("a", "no VPC: every function is public by design")
    term.expect(CHOICE)
    term.send("q")
    code, rest = term.finish()
    assert code == 0, rest
    assert "owner [bob] > " in term.seen  # the owner given last is the next default
    assert "wrote app/slens-review.yaml: 3 answers given, 1 practice still unanswered" in rest
    assert re.search(r"SEC1 +none -> medium", rest), rest  # the 'no' fails a Best practice
    assert "Serverless Lens review" in rest and "Traceback" not in term.seen

    answers, problems = load_answers(app / "slens-review.yaml", TODAY)
    assert problems == ()
    got = {k: (a.answer, a.notes, a.owner, a.date) for k, a in answers.items()}
    assert got == {
        "ops_ops_q1_a2": ("yes", "orders per minute on the team dashboard", "ana", "2026-12-06"),
        "sec_sec_q1_a2": ("no", "", "bob", "2026-12-06"),
        "sec_sec_q2_a2": ("not-applicable", "no VPC: every function is public by design", "bob", "2026-12-06"),
    }
    practices = _review_json(app.parent, "app")
    assert [practices[c]["status"] for c in OPEN] == ["answered", "failed", "not-applicable", "unanswered"]
    assert practices["ops_ops_q1_a2"]["answer"]["owner"] == "ana"  # type: ignore[index]


def test_the_answers_already_in_the_file_are_kept_and_not_asked_again(app: Path, terminal: list[Terminal]) -> None:
    (app / "slens-review.yaml").write_text(
        "answers:\n  cost_cost_q1_a1:\n    answer: yes\n    notes: \"lazy clients\"\n    owner: carol\n"
        "    date: 2026-11-01\n")
    term = _start(terminal, app.parent, "app")
    assert "3 practices to answer" in term.expect(CHOICE)
    assert "cost_cost_q1_a1" not in term.seen
    term.send("y")
    term.expect("notes (optional) > ")
    term.send("")
    term.expect("owner [ana] > ")
    term.send("dave")
    term.expect(CHOICE)
    term.send("q")
    code, rest = term.finish()
    assert code == 0, rest
    answers, problems = load_answers(app / "slens-review.yaml", TODAY)
    assert problems == ()
    assert answers["cost_cost_q1_a1"] == Answer("cost_cost_q1_a1", "yes", str(app / "slens-review.yaml"),
                                                answers["cost_cost_q1_a1"].line, "lazy clients", "carol",
                                                "2026-11-01")
    assert (answers["ops_ops_q1_a2"].answer, answers["ops_ops_q1_a2"].owner) == ("yes", "dave")
    assert set(answers) == {"cost_cost_q1_a1", "ops_ops_q1_a2"}


def test_what_is_not_a_choice_is_asked_again_with_a_hint(app: Path, terminal: list[Terminal]) -> None:
    term = _start(terminal, app.parent, "app")
    term.expect(CHOICE)
    for typed in ("maybe", "\x1b[A", "", "yess"):
        term.send(typed)
        hint = term.expect(CHOICE)
        assert "type y, n, a, s or q, then Enter" in hint, hint
    assert "'maybe' is not a choice" in term.seen and "nothing typed" in term.seen
    os.write(term.master, b"\xff\xfe\n")  # not UTF-8: read as nothing printable
    term.expect(CHOICE)
    term.send("S")  # letters in either case
    term.expect("[2/4] sec_sec_q1_a2")
    term.expect(CHOICE)
    term.send("q")
    code, rest = term.finish()
    assert code == 0, rest
    assert "nothing answered: app/slens-review.yaml is not written" in rest
    assert not (app / "slens-review.yaml").exists()
    assert "Traceback" not in term.seen


def test_end_of_input_saves_what_was_answered(app: Path, terminal: list[Terminal], tmp_path: Path) -> None:
    target = tmp_path / "team-answers.yaml"  # --answers naming a file not there yet: it is created
    term = _start(terminal, app.parent, "app", "--answers", str(target))
    term.answer("yes", "checked by hand", "erin")
    term.expect(CHOICE)
    os.write(term.master, b"\x04")  # Ctrl-D on an empty line
    code, rest = term.finish()
    assert code == 0, rest
    assert "end of input: saving the 1 answer given so far" in rest
    assert f"wrote {target}: 1 answer given, 3 practices still unanswered" in rest
    answers, _ = load_answers(target, TODAY)
    assert {k: (a.answer, a.owner) for k, a in answers.items()} == {"ops_ops_q1_a2": ("yes", "erin")}
    assert not (app / "slens-review.yaml").exists()


def test_ctrl_c_saves_what_was_answered(app: Path, terminal: list[Terminal]) -> None:
    term = _start(terminal, app.parent, "app")
    term.answer("n", "no business metrics yet")
    term.expect(CHOICE)
    term.process.send_signal(signal.SIGINT)
    code, rest = term.finish()
    assert code == 0, rest
    assert "interrupted: saving the 1 answer given so far" in rest
    answers, _ = load_answers(app / "slens-review.yaml", TODAY)
    assert answers["ops_ops_q1_a2"].answer == "no" and answers["ops_ops_q1_a2"].owner == "ana"


def test_an_answers_file_with_problems_is_not_rewritten(app: Path, terminal: list[Terminal]) -> None:
    text = "answers:\n  nope_q1_a1:\n    answer: yes\n    date: 2026-11-01\n"
    (app / "slens-review.yaml").write_text(text)
    term = _start(terminal, app.parent, "app")
    code, rest = term.finish()
    assert code == 2, rest
    assert "unknown practice id 'nope_q1_a1'" in rest and "is not rewritten" in rest
    assert PROMPT not in rest
    assert (app / "slens-review.yaml").read_text() == text


# refused

@pytest.mark.parametrize(("args", "message"), [
    ((), "--interactive needs a terminal on standard input"),
    (("--format", "json"), "does not go with --format or --output"),
    (("--output", "review.txt"), "does not go with --format or --output"),
    (("init",), "does not go with 'review init'"),
    (("push", "--workload-id", "0" * 32), "does not go with 'review push'"),
    (("export", "--custom-lens", "lens.json"), "does not go with 'review export'"),
])
def test_interactive_is_refused_without_a_terminal_or_with_another_output(
        app: Path, args: tuple[str, ...], message: str) -> None:
    out = subprocess.run([sys.executable, "-m", "slens", "review", "--interactive", *args], cwd=app, env=_env(),
                         stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert out.stderr.startswith("slens: configuration error: ") and message in out.stderr, out.stderr
    assert sorted(p.name for p in app.iterdir()) == sorted(p.name for p in AFTER.iterdir())


# the question loop, with text streams

def _practice(choice_id: str, rules: tuple[str, ...] = ()) -> PracticeReview:
    return PracticeReview(Question.OPS1, choice_id, "A practice", "good", rules, Status.UNANSWERED,
                          "needs a person: no rule checks it and nobody answered")


def _ask(typed: str | io.StringIO, count: int = 2, owner: str = "ana") -> tuple[dict[str, Answer], str | None, str]:
    stdin = io.StringIO(typed) if isinstance(typed, str) else typed
    stdout = io.StringIO()
    answers, stopped = ask([_practice(f"p{i}") for i in range(count)], TODAY, stdin, stdout, owner)
    return answers, stopped, stdout.getvalue()


def test_the_loop_takes_answers_notes_owner_and_today() -> None:
    answers, stopped, shown = _ask("y\nnotes\n\nNot-Applicable\n\x1b[31mred\x07\nzed\n")
    assert stopped is None
    assert answers == {"p0": Answer("p0", "yes", "", 0, "notes", "ana", "2026-12-06"),
                       "p1": Answer("p1", "not-applicable", "", 0, "[31mred", "zed", "2026-12-06")}
    assert shown.count(CHOICE) == 2 and "owner [ana] > " in shown


def test_the_loop_skips_quits_and_re_asks() -> None:
    answers, stopped, shown = _ask("what\ns\nq\n", count=3)
    assert answers == {} and stopped is None
    assert shown.count(CHOICE) == 3 and "'what' is not a choice" in shown and "[3/3]" not in shown


@pytest.mark.parametrize("typed", ["y\nhalf an answer\n", "y\n", ""])
def test_end_of_input_stops_and_a_half_given_answer_is_not_kept(typed: str) -> None:
    answers, stopped, _ = _ask(typed)
    assert answers == {} and stopped == "end of input"


class _Interrupted(io.StringIO):
    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def readline(self, size: int | None = -1) -> str:
        if not self.lines:
            raise KeyboardInterrupt
        return self.lines.pop(0)


def test_ctrl_c_stops_the_loop_and_keeps_the_answers_given() -> None:
    answers, stopped, _ = _ask(_Interrupted(["a\n", "\n", "\n"]))
    assert stopped == "interrupted" and list(answers) == ["p0"]


def test_the_evidence_of_a_checkable_practice_counts_its_resources_and_findings() -> None:
    assert evidence(_practice("p", ("LAM001", "LAM002")))[1].strip() == \
        "LAM001, LAM002 checked 0 resources, 0 findings"
    assert "no machine can check" in evidence(_practice("p"))[1]
