from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import FUNCTION, Graph, Resource
from slens.model.access import (
    READ_METHODS,
    READ_POLICY_TEMPLATES,
    data_writes,
    function_routes,
)
from slens.rules.wording import route_label, short_list


class FunctionServesReadAndWriteRoutes(Rule):
    """One function serves read and write routes with one role that writes

    ## What it does
    Flags functions that serve both read routes (`GET`, `HEAD`) and write routes (`POST`,
    `PUT`, `PATCH`, `DELETE`) of an API when their role grants writes on a DynamoDB table
    or S3 bucket of the template: the read routes run with the write access. Catch-all
    `ANY` routes (a web framework behind `{proxy+}`) are not judged.

    ## Why it matters
    The Serverless Lens asks you to *design smaller, single purpose functions* (SEC 2).
    Splitting a CRUD function into a read function and a write function lets the read side,
    usually the busiest and most exposed, run with a read-only role, and drops the write
    code from it, as in the Lens review of the recipe-sharing app.

    ## How to fix
    Move the read routes to their own function with `DynamoDBReadPolicy` (or `S3ReadPolicy`)
    and keep the write routes on a function with `DynamoDBWritePolicy`.

    ## When to ignore
    Small internal APIs where one deployment unit matters more than the narrower role can
    ignore this rule with a reason.
    """

    id = "LAM205"
    name = "function-serves-read-and-write-routes"
    severity = Severity.LOW
    practice = Practices.SEC2_SMALL_FUNCTIONS
    services = (Service.LAMBDA, Service.IAM)
    resource_types = (FUNCTION,)
    fix = {
        "SAM": (
            "ReadRecipesFunction:\n"
            "  Type: AWS::Serverless::Function\n"
            "  Properties:\n"
            "    Policies:\n"
            "      - DynamoDBReadPolicy:\n"
            "          TableName: !Ref RecipesTable\n"
            "    Events:\n"
            "      List: {Type: Api, Properties: {Path: /recipes, Method: get}}\n"
            "WriteRecipesFunction:\n"
            "  Type: AWS::Serverless::Function\n"
            "  Properties:\n"
            "    Policies:\n"
            "      - DynamoDBCrudPolicy:\n"
            "          TableName: !Ref RecipesTable\n"
            "    Events:\n"
            "      Create: {Type: Api, Properties: {Path: /recipes, Method: post}}\n"
            "      Delete: {Type: Api, Properties: {Path: '/recipes/{id}', Method: delete}}\n"
        ),
        "CloudFormation": (
            "ReadRecipesRole:\n"
            "  Type: AWS::IAM::Role\n"
            "  Properties:\n"
            "    Policies:\n"
            "      - PolicyName: read\n"
            "        PolicyDocument:\n"
            "          Statement:\n"
            "            - Effect: Allow\n"
            "              Action: [dynamodb:GetItem, dynamodb:Query]\n"
            "              Resource: !GetAtt RecipesTable.Arn\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        routes = [r for r in function_routes(resource, graph) if r.method != "ANY"]
        reads = [route_label(r) for r in routes if r.method in READ_METHODS]
        writes = [route_label(r) for r in routes if r.method not in READ_METHODS]
        role = graph.role_of(resource)
        if not reads or not writes or role is None:
            return
        found = data_writes(role, graph)
        if not found:
            return
        write = found[0]
        yield self.violation(write.statement.holder,
                             f"function {resource.logical_id} serves read routes ({short_list(reads)}) and write "
                             f"routes ({short_list(writes)}) with one role that may write "
                             f"{write.target.logical_id}: split the reads into a function with "
                             f"{READ_POLICY_TEMPLATES[write.target.type]}", *write.statement.path)
