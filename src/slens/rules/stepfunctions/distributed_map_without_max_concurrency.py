from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_int, is_unknown
from slens.model.asl import Definition, State, parse_definition


def _unbounded(state: State, definition: Definition) -> bool:
    """True when the map sets no limit (absent, or 0: no limit); False when it sets one or it cannot be known."""
    if state.get("MaxConcurrencyPath") is not None:
        return False
    raw = state.get("MaxConcurrency")
    if raw is None:
        return True
    if isinstance(raw, str) and raw.startswith("{%"):
        return False  # a JSONata expression, evaluated at run time
    values = definition.values(raw)
    if values:  # a substitution or reference: judged only when it is a literal number
        known = as_int(values[0]) if len(values) == 1 and not is_unknown(values[0]) else None
        return known == 0
    return as_int(raw) == 0


class DistributedMapWithoutMaxConcurrency(Rule):
    """Distributed Map state without a MaxConcurrency limit

    ## What it does
    Reads the state machine's definition (`Definition`, `DefinitionString` with its
    substitutions, SAM `Definition` or a local `DefinitionUri` file, the Serverless Framework
    step functions plugin; a definition kept in S3 is not judged) and flags Map states in
    distributed mode (`ItemProcessor.ProcessorConfig.Mode: DISTRIBUTED`), nested ones included,
    that set neither `MaxConcurrency` nor `MaxConcurrencyPath`, or set `MaxConcurrency: 0`
    (no limit). A limit written as a substitution or a JSONata expression is not judged. Each
    finding points at the Map state's line.

    ## Why it matters
    The Serverless Lens asks you to *use mechanisms to protect non-scalable resources*
    (REL 1). Without a limit, a Distributed Map runs up to 10,000 child workflow executions in
    parallel: one run over a large S3 listing can take the account's whole Lambda concurrency
    (1,000 by default, shared by every function of the region), throttling unrelated functions,
    and hammer the table or API that the items are written to.

    ## How to fix
    Set `MaxConcurrency` on the Map state to what the downstream can take (for Lambda, well
    below the account's unreserved concurrency, or the function's reserved concurrency), or
    `MaxConcurrencyPath` to read it from the input. Batch items (`ItemBatcher`) to do more
    per child execution.

    ## When to ignore
    Maps whose children only call services that scale without limits of their own (S3 copies,
    a few SDK calls well within their quotas) and whose datasets are small.
    """

    id = "SFN305"
    name = "distributed-map-without-max-concurrency"
    severity = Severity.MEDIUM
    practice = Practices.REL1_PROTECT_NON_SCALABLE
    services = (Service.STEPFUNCTIONS,)
    resource_types = ("AWS::StepFunctions::StateMachine",)
    fix = {
        "SAM": "ItemsWorkflow:\n  Type: AWS::Serverless::StateMachine\n  Properties:\n    Definition:\n"
               "      States:\n        ProcessItems:\n          MaxConcurrency: 100\n",
        "CloudFormation": "ItemsWorkflow:\n  Type: AWS::StepFunctions::StateMachine\n  Properties:\n"
                          "    Definition:\n      States:\n        ProcessItems:\n          MaxConcurrency: 100\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        definition = parse_definition(resource)
        if definition is None:
            return
        for state in definition.states:
            if state.is_distributed_map and _unbounded(state, definition):
                yield self.violation(resource, f"state machine {resource.logical_id}: distributed Map state "
                                               f"{state.label} has no MaxConcurrency: one run may start up to "
                                               "10,000 child executions at once", *state.path)
