"""What a review produces: immutable values that the review reporters read and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from slens.engine import Finding, ScanError
from slens.engine.flow import EventFlow
from slens.engine.result import Notice, SkippedFile, Suppressed
from slens.lens import Question

#: the version of the JSON review document (docs/review.md); a change that breaks a reader bumps it
REVIEW_SCHEMA_VERSION = "1"


class Status(Enum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not-applicable"
    ANSWERED = "answered"
    UNANSWERED = "unanswered"


class Risk(Enum):
    """A question's risk, as the Well-Architected Tool names them."""

    HIGH = "high"
    MEDIUM = "medium"
    NONE = "none"
    NOT_REVIEWED = "not-reviewed"

    @property
    def rank(self) -> int | None:
        """Higher is worse; a question not reviewed is neither better nor worse than one that was."""
        return {Risk.HIGH: 2, Risk.MEDIUM: 1, Risk.NONE: 0}.get(self)


#: how a question's risk is decided, first match wins (slens.review.evaluate implements it)
RISK_RULES = (
    "high: a Required practice failed, or a practice has a high or critical finding",
    "not-reviewed: no practice passed, failed or was answered",
    "medium: a Good or Best practice failed, or a Required practice is unanswered",
    "none: every practice passed, was answered or does not apply",
)

ANSWER_VALUES = ("yes", "no", "not-applicable")


@dataclass(frozen=True)
class Answer:
    """One practice's answer in the team's answers file."""

    choice_id: str
    answer: str
    file: str
    line: int
    notes: str = ""
    owner: str = ""
    date: str = ""


@dataclass(frozen=True)
class Problem:
    """Something wrong in the answers file; the answer it concerns is not used."""

    file: str
    line: int | None
    message: str


@dataclass(frozen=True)
class PracticeReview:
    question: Question
    choice_id: str
    title: str
    #: "required", "good" or "best"
    level: str
    #: ids of the rules that cite the practice; empty when it needs a person
    rules: tuple[str, ...]
    status: Status
    #: why it has this status, in a sentence
    reason: str
    #: resources its rules checked
    checked: int = 0
    findings: tuple[Finding, ...] = ()
    answer: Answer | None = None

    @property
    def checkable(self) -> bool:
        return bool(self.rules)


@dataclass(frozen=True)
class QuestionReview:
    question: Question
    risk: Risk
    reason: str
    practices: tuple[PracticeReview, ...]


@dataclass(frozen=True)
class PracticeChange:
    choice_id: str
    title: str
    before: str
    after: str


@dataclass(frozen=True)
class QuestionChange:
    question: Question
    risk_before: str
    risk_after: str
    practices: tuple[PracticeChange, ...]

    @property
    def direction(self) -> str:
        """"better", "worse" or "changed" (to or from a question not reviewed, or practices alone)."""
        before = _rank(self.risk_before)
        after = _rank(self.risk_after)
        if before is None or after is None or before == after:
            return "changed"
        return "better" if after < before else "worse"


def _rank(value: str) -> int | None:
    try:
        return Risk(value).rank
    except ValueError:
        return None


@dataclass(frozen=True)
class Review:
    questions: tuple[QuestionReview, ...]
    tool_version: str
    scanned_files: tuple[str, ...] = ()
    #: the scan's errors: files whose evidence is missing from the review
    errors: tuple[ScanError, ...] = ()
    answers_file: str | None = None
    problems: tuple[Problem, ...] = ()
    #: the previous review compared against (``--since``), and what changed per question
    since: str | None = None
    changes: tuple[QuestionChange, ...] = ()
    #: what the team accepted on purpose, and what was not reviewed: reports show them beside the risks
    suppressed: tuple[Suppressed, ...] = ()
    notices: tuple[Notice, ...] = ()
    skipped_files: tuple[SkippedFile, ...] = ()
    flows: tuple[EventFlow, ...] = ()

    @property
    def exit_code(self) -> int:
        return 2 if self.errors or self.problems else 0

    def risk_counts(self) -> dict[str, int]:
        return {risk.value: sum(1 for q in self.questions if q.risk is risk) for risk in Risk}
