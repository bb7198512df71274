"""The AWS Well-Architected Serverless Lens: its nine questions and their best practices.

Ids follow the Well-Architected Tool's lens alias ``serverless`` (question ids such as
``rel_q2`` and choice ids such as ``rel_rel_q2_a1``), so a review can be exported to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Pillar(Enum):
    OPERATIONAL_EXCELLENCE = "operational-excellence"
    SECURITY = "security"
    RELIABILITY = "reliability"
    PERFORMANCE = "performance-efficiency"
    COST = "cost-optimization"

    @property
    def title(self) -> str:
        return self.value.replace("-", " ").capitalize()


class Question(Enum):
    """One Serverless Lens question; the value is the short label used in reports."""

    OPS1 = "OPS1"
    OPS2 = "OPS2"
    SEC1 = "SEC1"
    SEC2 = "SEC2"
    SEC3 = "SEC3"
    REL1 = "REL1"
    REL2 = "REL2"
    PERF1 = "PERF1"
    COST1 = "COST1"

    @property
    def pillar(self) -> Pillar:
        return _QUESTIONS[self][0]

    @property
    def wa_id(self) -> str:
        return _QUESTIONS[self][1]

    @property
    def title(self) -> str:
        return _QUESTIONS[self][2]


_QUESTIONS: dict[Question, tuple[Pillar, str, str]] = {
    Question.OPS1: (Pillar.OPERATIONAL_EXCELLENCE, "ops_q1",
                    "How do you evaluate your Serverless application's health?"),
    Question.OPS2: (Pillar.OPERATIONAL_EXCELLENCE, "ops_q2",
                    "How do you approach application lifecycle management?"),
    Question.SEC1: (Pillar.SECURITY, "sec_q1", "How do you control access to your Serverless API?"),
    Question.SEC2: (Pillar.SECURITY, "sec_q2",
                    "How do you manage your Serverless application's security boundaries?"),
    Question.SEC3: (Pillar.SECURITY, "sec_q3",
                    "How do you implement application security in your workload?"),
    Question.REL1: (Pillar.RELIABILITY, "rel_q1", "How do you regulate inbound request rates?"),
    Question.REL2: (Pillar.RELIABILITY, "rel_q2",
                    "How do you build resiliency into your Serverless application?"),
    Question.PERF1: (Pillar.PERFORMANCE, "perf_q1",
                     "How do you optimize your Serverless application's performance?"),
    Question.COST1: (Pillar.COST, "cost_q1", "How do you optimize your Serverless application's costs?"),
}


class Level(Enum):
    REQUIRED = "required"
    GOOD = "good"
    BEST = "best"


@dataclass(frozen=True)
class Practice:
    """A best practice (a 'choice' in the Well-Architected Tool) under one question."""

    question: Question
    choice_id: str
    title: str
    level: Level


def _p(question: Question, suffix: str, title: str, level: Level) -> Practice:
    return Practice(question, f"{question.wa_id.split('_')[0]}_{question.wa_id}_{suffix}", title, level)


class Practices:
    """Every Serverless Lens best practice, as named constants for rules to cite."""

    OPS1_METRICS_ALARMS = _p(Question.OPS1, "a1",
                             "Understand, analyze, and alert on metrics provided out of the box",
                             Level.REQUIRED)
    OPS1_BUSINESS_METRICS = _p(Question.OPS1, "a2", "Use application, business, and operations metrics",
                               Level.BEST)
    OPS1_TRACING = _p(Question.OPS1, "a3",
                      "Use distributed tracing and code is instrumented with additional context", Level.GOOD)
    OPS1_STRUCTURED_LOGGING = _p(Question.OPS1, "a4", "Use structured and centralized logging", Level.GOOD)
    OPS2_IAC_STAGES = _p(Question.OPS2, "a1",
                         "Use infrastructure as code and stages isolated in separate environments",
                         Level.REQUIRED)
    OPS2_ROLLOUT = _p(Question.OPS2, "a3", "Use a rollout deployment mechanism", Level.GOOD)
    OPS2_CONFIGURATION = _p(Question.OPS2, "a5", "Use configuration management", Level.GOOD)
    OPS2_RUNTIME_DEPRECATION = _p(Question.OPS2, "a6", "Review the function runtime deprecation policy",
                                  Level.GOOD)
    SEC1_AUTH = _p(Question.SEC1, "a1", "Use authentication and authorization mechanisms", Level.GOOD)
    SEC1_IDENTITY_SCOPE = _p(Question.SEC1, "a2", "Scope access based on identity's metadata", Level.BEST)
    SEC1_ENDPOINT = _p(Question.SEC1, "a3",
                       "Use appropriate endpoint type and mechanisms to secure access to your API",
                       Level.REQUIRED)
    SEC2_RESOURCE_POLICIES = _p(Question.SEC2, "a1", "Evaluate and define resource policies", Level.REQUIRED)
    SEC2_NETWORK = _p(Question.SEC2, "a2", "Control network traffic at all layers", Level.GOOD)
    SEC2_SMALL_FUNCTIONS = _p(Question.SEC2, "a3", "Design smaller, single purpose functions", Level.BEST)
    SEC2_TEMPORARY_CREDENTIALS = _p(Question.SEC2, "a4",
                                    "Use temporary credentials between resources and components",
                                    Level.REQUIRED)
    SEC3_RUNTIME_PROTECTION = _p(Question.SEC3, "a2",
                                 "Implement runtime protection to help prevent against malicious code "
                                 "execution", Level.GOOD)
    SEC3_SECRETS = _p(Question.SEC3, "a4", "Store secrets that are used in your code securely",
                      Level.REQUIRED)
    SEC3_VALIDATE_EVENTS = _p(Question.SEC3, "a5", "Validate inbound events", Level.BEST)
    REL1_THROTTLING = _p(Question.REL1, "a1", "Use throttling to control inbound request rates",
                         Level.REQUIRED)
    REL1_QUOTAS = _p(Question.REL1, "a2", "Use, analyze, and enforce API quotas", Level.GOOD)
    REL1_PROTECT_NON_SCALABLE = _p(Question.REL1, "a3", "Use mechanisms to protect non-scalable resources",
                                   Level.BEST)
    REL2_FAILURES = _p(Question.REL2, "a1", "Manage transaction, partial, and intermittent failures",
                       Level.REQUIRED)
    REL2_ORCHESTRATE = _p(Question.REL2, "a2", "Orchestrate long-running transactions", Level.GOOD)
    REL2_DUPLICATES = _p(Question.REL2, "a3", "Manage duplicate and unwanted events", Level.REQUIRED)
    REL2_BURST = _p(Question.REL2, "a4", "Consider scaling patterns at burst rates", Level.BEST)
    PERF1_STARTUP = _p(Question.PERF1, "a1", "Measure and optimize function startup time", Level.GOOD)
    PERF1_ASYNC = _p(Question.PERF1, "a2",
                     "Take advantage of concurrency via async and stream-based function invocations",
                     Level.GOOD)
    PERF1_CAPACITY = _p(Question.PERF1, "a3", "Measure, evaluate, and select optimum capacity units",
                        Level.REQUIRED)
    PERF1_DIRECT_INTEGRATION = _p(Question.PERF1, "a4",
                                  "Integrate with managed services directly over functions when possible",
                                  Level.BEST)
    PERF1_CACHING = _p(Question.PERF1, "a5", "Optimize access patterns and apply caching where applicable",
                       Level.GOOD)
    COST1_INIT = _p(Question.COST1, "a1", "Minimize external calls and function code initialization",
                    Level.REQUIRED)
    COST1_LOGGING = _p(Question.COST1, "a2", "Optimize logging output and its retention", Level.REQUIRED)
    COST1_CONFIGURATION = _p(Question.COST1, "a3", "Optimize function configuration to reduce cost",
                             Level.GOOD)
    COST1_PATTERNS = _p(Question.COST1, "a4", "Use cost-aware usage patterns in code", Level.BEST)
