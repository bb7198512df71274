from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import FUNCTION, Graph, Resource
from slens.model.access import (
    READ_METHODS,
    READ_POLICY_TEMPLATES,
    WRITE_POLICY_TEMPLATES,
    data_writes,
    function_routes,
)
from slens.rules.wording import route_label, short_list


class ReadOnlyRoutesWithWriteAccess(Rule):
    """Function that serves only read routes but may write its table

    ## What it does
    Flags functions whose every API route is a read (`GET`, `HEAD`) when their role grants
    write actions (`PutItem`, `UpdateItem`, `DeleteItem`, `BatchWriteItem`, `dynamodb:*` ...)
    on a DynamoDB table of the template. The finding names the statement and the narrower
    SAM policy template (`DynamoDBReadPolicy` instead of `DynamoDBCrudPolicy`). Functions
    with other triggers besides their routes, and buckets (a `GET` route may presign
    uploads, which needs `s3:PutObject`), are not judged.

    ## Why it matters
    The Serverless Lens asks you to *design smaller, single purpose functions* with roles
    that grant only what each needs (SEC 2). A read endpoint that can write turns any bug
    or injection in it into a way to change or delete your data.

    ## How to fix
    Replace the write grant with a read-only one: SAM `DynamoDBReadPolicy: {TableName: ...}`,
    or the actions `dynamodb:GetItem`, `dynamodb:Query`, `dynamodb:Scan`,
    `dynamodb:BatchGetItem` on the table ARN.

    ## When to ignore
    Read routes that write on purpose (a view counter, a session refresh) can ignore this
    rule with a reason; consider moving the write behind an event.
    """

    id = "IAM202"
    name = "read-only-routes-with-write-access"
    severity = Severity.MEDIUM
    practice = Practices.SEC2_SMALL_FUNCTIONS
    services = (Service.IAM, Service.LAMBDA, Service.DYNAMODB)
    resource_types = (FUNCTION,)
    fix = {
        "SAM": "ReadOrdersFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Policies:\n"
               "      - DynamoDBReadPolicy:\n          TableName: !Ref OrdersTable\n",
        "CloudFormation": "MyRole:\n  Type: AWS::IAM::Role\n  Properties:\n    Policies:\n"
                          "      - PolicyName: read-orders\n        PolicyDocument:\n          Statement:\n"
                          "            - Effect: Allow\n"
                          "              Action: [dynamodb:GetItem, dynamodb:Query, dynamodb:Scan,\n"
                          "                       dynamodb:BatchGetItem]\n"
                          "              Resource: !GetAtt OrdersTable.Arn\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        routes = function_routes(resource, graph)
        if not routes or any(r.method not in READ_METHODS for r in routes):
            return
        apis = {r.api.logical_id for r in routes}
        if any(t.source is None or t.source.logical_id not in apis for t in graph.triggers(resource)):
            return
        role = graph.role_of(resource)
        if role is None:
            return
        labels = short_list([route_label(r) for r in routes])
        for write in data_writes(role, graph, ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")):
            kind = write.target.type
            yield self.violation(write.statement.holder,
                                 f"function {resource.logical_id} serves only read routes ({labels}) but its role "
                                 f"allows {short_list(list(write.actions))} on {write.target.logical_id}: use "
                                 f"{READ_POLICY_TEMPLATES[kind]} instead of {WRITE_POLICY_TEMPLATES[kind]}",
                                 *write.statement.path)
