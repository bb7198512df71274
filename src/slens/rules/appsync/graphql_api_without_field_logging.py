from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_str, is_unknown


class GraphqlApiWithoutFieldLogging(Rule):
    """AppSync GraphQL API without field-level logging

    ## What it does
    Flags `AWS::AppSync::GraphQLApi` resources with no `LogConfig`, or whose
    `LogConfig.FieldLogLevel` is `NONE` (SAM `AWS::Serverless::GraphQLApi`: `Logging`).

    ## Why it matters
    The Serverless Lens asks you to *use structured and centralized logging* (OPS 1). AppSync
    resolves each field with its own resolver: field logs are the only record of which
    resolver failed, with its error, the data source request and the response mapping. Without
    them a partial GraphQL response (`errors` next to `data`) cannot be explained afterwards.

    ## How to fix
    Set `LogConfig: {FieldLogLevel: ERROR, CloudWatchLogsRoleArn: !GetAtt AppSyncLogsRole.Arn}`
    (`ALL` while debugging; it logs resolved data). Keep `ExcludeVerboseContent: true` to
    leave headers and context out.

    ## When to ignore
    APIs that log failures from every resolver themselves can ignore this rule with a reason.
    """

    id = "ASY101"
    name = "graphql-api-without-field-logging"
    severity = Severity.LOW
    practice = Practices.OPS1_STRUCTURED_LOGGING
    services = (Service.APPSYNC,)
    resource_types = ("AWS::AppSync::GraphQLApi",)
    equivalents = ("cdk-nag:AwsSolutions-ASC3", "checkov:CKV_AWS_193", "checkov:CKV_AWS_194")
    fix = {
        "SAM": "MyApi:\n  Type: AWS::Serverless::GraphQLApi\n  Properties:\n    Logging:\n"
               "      FieldLogLevel: ERROR\n      CloudWatchLogsRoleArn: !GetAtt AppSyncLogsRole.Arn\n",
        "CloudFormation": "MyApi:\n  Type: AWS::AppSync::GraphQLApi\n  Properties:\n    LogConfig:\n"
                          "      FieldLogLevel: ERROR\n"
                          "      CloudWatchLogsRoleArn: !GetAtt AppSyncLogsRole.Arn\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        config = resource.prop("LogConfig")
        level = resource.prop("LogConfig", "FieldLogLevel")
        if is_unknown(config) or is_unknown(level):
            return
        if config is None:
            yield self.violation(resource, f"GraphQL API {resource.logical_id} has no logging "
                                           "(LogConfig is not set)", "LogConfig")
        elif level is None or as_str(level) == "NONE":
            yield self.violation(resource, f"GraphQL API {resource.logical_id} has field logging off "
                                           f"(FieldLogLevel {as_str(level) or 'not set'})", "LogConfig",
                                 "FieldLogLevel")
