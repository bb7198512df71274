from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import FUNCTION, Graph, Resource


class RoleSharedBySeveralFunctions(Rule):
    """One IAM role shared by several functions, or by a function and another resource

    ## What it does
    Flags an `AWS::IAM::Role` that more than one resource runs with when at least one of them
    is a Lambda function: two functions, or a function and a state machine, a pipe, a data
    source ... The message lists every resource that assumes the role.

    ## Why it matters
    The Serverless Lens asks you to *design smaller, single purpose functions* with a role
    per function (SEC 2). A shared role holds the union of every user's permissions: the
    thumbnail function can also delete the analysis table, and a flaw in either function
    exposes both. Shared roles also grow, since removing a permission may break someone.

    ## How to fix
    Give each function its own role. In SAM, drop the shared `Role` and let each function's
    `Policies` generate one; in CloudFormation, declare one role per function with only the
    actions and resources that function uses.

    ## When to ignore
    Several handlers of one small service with the very same needs (the versions of a
    function behind one API) may share a role; ignore with a reason.
    """

    id = "IAM003"
    name = "role-shared-by-several-functions"
    severity = Severity.MEDIUM
    practice = Practices.SEC2_SMALL_FUNCTIONS
    services = (Service.IAM, Service.LAMBDA)
    resource_types = ("AWS::IAM::Role",)
    equivalents = ()
    fix = {
        "SAM": "WorkerFunctionRole:  # one role per function or state machine\n  Type: AWS::IAM::Role\n"
               "  Properties:\n    AssumeRolePolicyDocument:\n      Statement:\n"
               "        - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}\n"
               "WorkflowRole:\n  Type: AWS::IAM::Role\n  Properties:\n    AssumeRolePolicyDocument:\n"
               "      Statement:\n"
               "        - {Effect: Allow, Principal: {Service: states.amazonaws.com}, Action: sts:AssumeRole}\n"
               "WorkerFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n"
               "    Role: !GetAtt WorkerFunctionRole.Arn  # or no Role, and Policies: SAM makes one\nWorkflow:\n"
               "  Type: AWS::Serverless::StateMachine\n  Properties:\n    Role: !GetAtt WorkflowRole.Arn\n",
        "CloudFormation": "ThumbnailRole:\n  Type: AWS::IAM::Role\n  # ...\nThumbnailFunction:\n"
                          "  Type: AWS::Lambda::Function\n  Properties:\n"
                          "    Role: !GetAtt ThumbnailRole.Arn\n"
                          "AnalyzerRole:\n  Type: AWS::IAM::Role\n  # ...\nAnalyzerFunction:\n"
                          "  Type: AWS::Lambda::Function\n  Properties:\n"
                          "    Role: !GetAtt AnalyzerRole.Arn\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        assumers = graph.assumers_of(resource)
        if len(assumers) < 2 or not any(a.type == FUNCTION for a in assumers):
            return
        names = ", ".join(f"{a.logical_id} ({a.type.rsplit('::', 1)[-1]})" for a in assumers)
        yield self.violation(resource, f"role {resource.logical_id} is assumed by {len(assumers)} resources: "
                                       f"{names}; give each function its own role")
