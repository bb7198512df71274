"""Sends a push plan to a Well-Architected Tool workload: ``slens review push --apply``.

The only module of slens that talks to AWS; the SDK is imported inside the functions so that a
static review, and the dry run, never load it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any, TextIO

from slens.review.push import LENS_ALIAS, QuestionPlan

#: error codes the service uses when it throttles
THROTTLED = frozenset({"ThrottlingException", "TooManyRequestsException", "Throttling"})
#: our own attempts, on top of botocore's: its retry handler never sees an error from a Stubber, and a
#: push of nine questions had rather wait a little longer than lose one to a burst of throttling
ATTEMPTS = 4


def make_client(profile: str | None, region: str | None) -> Any:
    """A wellarchitected client from the standard credential chain (environment, profile, SSO, role)."""
    import botocore.session
    from botocore.config import Config

    session = botocore.session.Session(profile=profile)
    return session.create_client("wellarchitected", region_name=region,
                                 config=Config(retries={"mode": "adaptive", "max_attempts": 5}))


def _code(exc: Any) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _message(exc: Any) -> str:
    return str(exc.response.get("Error", {}).get("Message", "")) or str(exc)


def _call(method: Callable[..., Any], params: dict[str, Any], sleep: Callable[[float], None]) -> Any:
    from botocore.exceptions import ClientError

    for attempt in range(ATTEMPTS):
        try:
            return method(**params)
        except ClientError as exc:
            if _code(exc) not in THROTTLED or attempt == ATTEMPTS - 1:
                raise
            sleep(min(8.0, 0.5 * 2 ** attempt))
    raise AssertionError("unreachable: the last attempt returns or raises")


def _rejected(exc: Any, plan: QuestionPlan, dropped: set[str]) -> set[str]:
    """The choice ids of this question that a ValidationException names, in its message or its fields."""
    fields = exc.response.get("Fields") or []
    said = " ".join([_message(exc), *(f"{f.get('Name', '')} {f.get('Message', '')}" for f in fields)])
    ours = {*plan.selected, *(n.choice_id for n in plan.not_applicable)} - dropped
    # whole ids only: a_1 is not named by a message about a_10
    return {choice for choice in ours if re.search(rf"(?<!\w){re.escape(choice)}(?!\w)", said)}


def _failure(exc: Any) -> str:
    code = _code(exc)
    if code in THROTTLED:
        return f"still throttled after {ATTEMPTS} attempts ({_message(exc)}); run the push again later"
    return f"{code}: {_message(exc)}"


def push(client: Any, plans: tuple[QuestionPlan, ...], workload_id: str, out: TextIO,
         sleep: Callable[[float], None] = time.sleep) -> int:
    """Associates the lens and updates each question's answer; 2 when anything was not written."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        _call(client.associate_lenses, {"WorkloadId": workload_id, "LensAliases": [LENS_ALIAS]}, sleep)
    except ClientError as exc:
        out.write(f"slens: AssociateLenses failed, nothing pushed: {_failure(exc)}\n")
        return 2
    except BotoCoreError as exc:
        out.write(f"slens: cannot reach the Well-Architected Tool, nothing pushed: {exc}\n")
        return 2
    out.write(f"associated lens {LENS_ALIAS} with workload {workload_id}\n")
    failed = 0
    for plan in plans:
        dropped: set[str] = set()
        while True:
            try:
                _call(client.update_answer, plan.request(workload_id, frozenset(dropped)), sleep)
            except ClientError as exc:
                rejected = _rejected(exc, plan, dropped) if _code(exc) == "ValidationException" else set()
                if rejected:
                    # push the rest of the question without the choices the service does not know
                    out.write(f"slens: {plan.question_id}: the service rejected choice id "
                              f"{', '.join(sorted(rejected))}: {_message(exc)}\n")
                    dropped |= rejected
                    continue
                out.write(f"slens: {plan.question_id}: not updated: {_failure(exc)}\n")
                failed += 1
                if _code(exc) == "AccessDeniedException":
                    # every other question would be denied the same way
                    out.write("slens: push stopped: the credentials may not update this workload\n")
                    return 2
            except BotoCoreError as exc:
                out.write(f"slens: {plan.question_id}: not updated, push stopped: {exc}\n")
                return 2
            else:
                kept = len([c for c in plan.selected if c not in dropped])
                na = len([n for n in plan.not_applicable if n.choice_id not in dropped])
                out.write(f"{plan.question_id}: updated: {kept} selected, {na} not applicable, "
                          f"notes {len(plan.notes)} chars\n")
                failed += bool(dropped)
            break
    out.write(f"slens review push: {len(plans) - failed} of {len(plans)} questions pushed in full\n")
    return 2 if failed else 0
