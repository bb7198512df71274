from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import FUNCTION, Graph, Resource
from slens.model.access import PLUMBING_SERVICES, service_of, wired_resources
from slens.rules.wording import short_list


class FunctionRoleGrantsUnwiredResource(Rule):
    """Function role grants access to resources the function is not wired to

    ## What it does
    Flags Allow statements of a function's role that name a resource of the template the
    function has no connection to: it is not a trigger or a destination of the function,
    no environment variable or other property of the function refers to it (nor to a
    resource that refers to it, such as an SSM parameter holding its name or a table using
    its key), nothing that invokes the function passes it (a state machine, a rule's input,
    a custom resource), it does not feed the function's triggers (a bucket that notifies the
    queue or topic the function consumes: S3 -> SQS -> Lambda, S3 -> SNS -> SQS -> Lambda, whose
    messages name the bucket), it is not of a service an EventBridge rule triggering the function
    listens to, and it has no fixed physical name the code could use. Statements made only
    of logging, tracing, metrics, VPC and KMS actions, and functions that nothing in the
    template invokes (their events come from outside), are left out.

    ## Why it matters
    The Serverless Lens asks you to *design smaller, single purpose functions* whose roles
    grant only what each function needs (SEC 2). A function's code can only find the
    resources it is told about; a grant on anything else is left over from a copy-paste or
    an old version, and widens what a compromised function can reach.

    ## How to fix
    Remove the statement (or the SAM policy template) that names the resource, or, if the
    code really uses it, pass it explicitly: `Environment.Variables.ORDERS_TABLE: !Ref Orders`.

    ## When to ignore
    Functions that find resources by a convention the template cannot show (a name built
    at run time from a tenant id) can ignore this rule with a reason.
    """

    id = "IAM201"
    name = "function-role-grants-unwired-resource"
    severity = Severity.MEDIUM
    practice = Practices.SEC2_SMALL_FUNCTIONS
    services = (Service.IAM, Service.LAMBDA)
    resource_types = ("AWS::IAM::Role",)
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Environment:\n"
               "      Variables:\n        ORDERS_TABLE: !Ref OrdersTable\n    Policies:\n"
               "      - DynamoDBReadPolicy:\n          TableName: !Ref OrdersTable\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n    Environment:\n"
                          "      Variables:\n        JOBS_QUEUE_URL: !Ref JobsQueue\nMyRole:\n"
                          "  Type: AWS::IAM::Role\n  Properties:\n    Policies:\n      - PolicyName: send-jobs\n"
                          "        PolicyDocument:\n          Statement:\n            - Effect: Allow\n"
                          "              Action: sqs:SendMessage\n"
                          "              Resource: !GetAtt JobsQueue.Arn  # only what the function is wired to\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        functions = [a for a in graph.assumers_of(resource) if a.type == FUNCTION]
        if not functions:
            return
        # the statements that name resources of the template first: what the functions are wired
        # to (the dearer question) is only asked when there is something to compare it with
        granted = [(statement, {ref.target for ref in statement.resource_refs if ref.target in graph.resources})
                   for statement in graph.statements(resource)
                   if statement.allows and statement.actions
                   and not all(service_of(a) in PLUMBING_SERVICES for a in statement.actions)]
        granted = [(statement, targets) for statement, targets in granted if targets]
        if not granted:
            return
        wired: set[str] = set()
        for fn in functions:
            known = wired_resources(fn, graph)
            if known is None:  # invoked from outside the template: its events may name anything
                return
            wired |= known
        names = ", ".join(f.logical_id for f in functions)
        for statement, targets in granted:
            unwired = sorted(targets - wired)
            if not unwired:
                continue
            via = f" (policy {statement.holder.logical_id})" if statement.holder is not resource else ""
            yield self.violation(statement.holder,
                                 f"role {resource.logical_id}{via} of {names} allows "
                                 f"{short_list(list(statement.canonical_actions))} on {short_list(unwired)}, which "
                                 f"{'they are' if len(functions) > 1 else 'it is'} not wired to (no trigger, "
                                 "environment variable or other reference)", *statement.path, "Resource")
