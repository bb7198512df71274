from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_list, as_str, is_unknown, lookup


class AppsyncApiKeyOnly(Rule):
    """AppSync API protected by API keys only

    ## What it does
    Flags `AWS::AppSync::GraphQLApi` resources whose `AuthenticationType` is `API_KEY` and
    that have no additional authentication provider of another kind (Cognito user pools,
    OIDC, IAM, Lambda).

    ## Why it matters
    The Serverless Lens asks you to *use authentication and authorization mechanisms*
    (SEC 1) and to *scope access based on identity's metadata*. An API key is shipped in
    the client, identifies no user and cannot express per-user rules (`@aws_auth`,
    `$ctx.identity`), so every holder of the app can read and write what any user can.

    ## How to fix
    Make Cognito user pools (`AMAZON_COGNITO_USER_POOLS`), OIDC, `AWS_IAM` or `AWS_LAMBDA`
    the default authentication type; keep `API_KEY` only as an additional provider for the
    few public fields, marked `@aws_api_key` in the schema.

    ## When to ignore
    Public, read-only APIs and prototypes can ignore this rule with a reason.
    """

    id = "ASY201"
    name = "appsync-api-key-only"
    severity = Severity.MEDIUM
    practice = Practices.SEC1_AUTH
    services = (Service.APPSYNC,)
    resource_types = ("AWS::AppSync::GraphQLApi",)
    fix = {
        "SAM": "GraphApi:\n  Type: AWS::Serverless::GraphQLApi\n  Properties:\n    Auth:\n"
               "      Type: AMAZON_COGNITO_USER_POOLS\n      UserPool:\n        UserPoolId: !Ref UserPool\n"
               "        AwsRegion: !Ref AWS::Region\n        DefaultAction: ALLOW\n",
        "CloudFormation": "GraphApi:\n  Type: AWS::AppSync::GraphQLApi\n  Properties:\n"
                          "    AuthenticationType: AMAZON_COGNITO_USER_POOLS\n    UserPoolConfig:\n"
                          "      UserPoolId: !Ref UserPool\n      AwsRegion: !Ref AWS::Region\n"
                          "      DefaultAction: ALLOW\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.str_prop("AuthenticationType") != "API_KEY":
            return
        additional = resource.prop("AdditionalAuthenticationProviders")
        if is_unknown(additional):
            return
        kinds = [lookup(p, ("AuthenticationType",)) for p in as_list(additional)]
        if any(is_unknown(k) or as_str(k) != "API_KEY" for k in kinds):
            return
        yield self.violation(resource, f"AppSync API {resource.logical_id} is protected by API keys only: "
                                       "no caller is authenticated", "AuthenticationType")
