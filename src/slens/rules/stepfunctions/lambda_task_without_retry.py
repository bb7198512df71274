from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.asl import LAMBDA_TRANSIENT_ERRORS, handles, lambda_tasks


class LambdaTaskWithoutRetry(Rule):
    """Step Functions Lambda task without a retry for Lambda service errors

    ## What it does
    Reads the state machine's definition (`Definition`, `DefinitionString` with its
    substitutions, SAM `Definition` or a local `DefinitionUri` file, the Serverless Framework
    step functions plugin; a definition kept in S3 is not judged) and flags Task states that
    invoke a Lambda function, nested Parallel branches and Map item processors included,
    without a `Retry` entry matching `Lambda.ServiceException`, `Lambda.AWSLambdaException`,
    `Lambda.SdkClientException` or `Lambda.TooManyRequestsException` (or `States.ALL`,
    `States.TaskFailed`). Each finding points at the state's line (in the definition file
    when there is one). A bare Task `Resource` that is no service integration and no activity
    is a Lambda function ARN, so tasks whose ARN comes from a parameter or SSM are judged too.

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent failures*
    (REL 2). Lambda invocations fail transiently (service errors, throttling in a burst); a
    task without a retrier fails the whole execution on the first one, and a long-running
    workflow has to start over.

    ## How to fix
    Add the retrier that the Step Functions console generates for Lambda tasks:
    `Retry: [{ErrorEquals: [Lambda.ServiceException, Lambda.AWSLambdaException,
    Lambda.SdkClientException, Lambda.TooManyRequestsException], IntervalSeconds: 1,
    MaxAttempts: 3, BackoffRate: 2}]`.

    ## When to ignore
    Tasks whose function must not run twice (not idempotent) can ignore this rule with a
    reason, and should catch the error instead (SFN302).
    """

    id = "SFN301"
    name = "lambda-task-without-retry"
    severity = Severity.MEDIUM
    practice = Practices.REL2_FAILURES
    services = (Service.STEPFUNCTIONS, Service.LAMBDA)
    resource_types = ("AWS::StepFunctions::StateMachine",)
    fix = {
        "SAM": "Definition:\n  States:\n    ProcessOrder:\n      Type: Task\n"
               "      Resource: arn:aws:states:::lambda:invoke\n      Retry:\n        - ErrorEquals:\n"
               "            - Lambda.ServiceException\n            - Lambda.AWSLambdaException\n"
               "            - Lambda.SdkClientException\n            - Lambda.TooManyRequestsException\n"
               "          IntervalSeconds: 1\n          MaxAttempts: 3\n          BackoffRate: 2\n",
        "CloudFormation": "MyStateMachine:\n  Type: AWS::StepFunctions::StateMachine\n  Properties:\n"
                          "    Definition:  # in a DefinitionString, the same JSON\n      States:\n"
                          "        ProcessOrder:\n          Type: Task\n"
                          "          Resource: arn:aws:states:::lambda:invoke\n          Retry:\n"
                          "            - ErrorEquals: [Lambda.ServiceException, Lambda.AWSLambdaException,\n"
                          "                            Lambda.SdkClientException,\n"
                          "                            Lambda.TooManyRequestsException]\n"
                          "              IntervalSeconds: 1\n              MaxAttempts: 3\n"
                          "              BackoffRate: 2\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        for state, _, _ in lambda_tasks(resource, graph):
            if handles(state.get("Retry"), LAMBDA_TRANSIENT_ERRORS) is False:
                yield self.violation(resource, f"state machine {resource.logical_id}: Lambda task {state.label} "
                                               "does not retry Lambda service errors: one transient error fails "
                                               "the execution", *state.path)
