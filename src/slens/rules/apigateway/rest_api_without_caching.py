from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_bool, is_unknown
from slens.model.apis import api_routes
from slens.model.stages import DEPLOYMENT, REST_STAGE, settings_root
from slens.rules.wording import stage_label


class RestApiWithoutCaching(Rule):
    """Read-heavy REST API stage without a cache

    ## What it does
    Flags REST API stages (`AWS::ApiGateway::Stage`, or a deployment that creates the only
    stage) whose `CacheClusterEnabled` is not true when GET routes make up at least
    `min_get_share` of the API's routes (default 0.5, CORS preflights not counted) and there
    are at least two of them.

    ## Why it matters
    The Serverless Lens asks you to *optimize access patterns and apply caching where
    applicable* (PERF 1). A stage cache answers repeated reads without invoking the backend:
    lower latency for clients, fewer Lambda invocations and database reads.

    ## How to fix
    Set `CacheClusterEnabled: true` and a `CacheClusterSize` on the stage (SAM: on the
    `AWS::Serverless::Api`), then enable caching per method in `MethodSettings`
    (`CachingEnabled`, `CacheTtlInSeconds`) with cache keys that include whatever makes a
    response user-specific. Or cache in front of the API with CloudFront.

    ## When to ignore
    Responses that are per user or must always be fresh, APIs already behind CloudFront or
    another cache, and low-traffic APIs where the hourly cache charge outweighs the savings.
    """

    id = "API402"
    name = "rest-api-without-caching"
    severity = Severity.INFO
    practice = Practices.PERF1_CACHING
    services = (Service.APIGATEWAY,)
    resource_types = (REST_STAGE, DEPLOYMENT)
    equivalents = ("checkov:CKV_AWS_120", "cdk-nag:APIGWCacheEnabledAndEncrypted")
    options = {"min_get_share": 0.5}
    fix = {
        "SAM": "OrdersApi:\n  Type: AWS::Serverless::Api\n  Properties:\n    StageName: prod\n"
               "    CacheClusterEnabled: true\n    CacheClusterSize: '0.5'\n    MethodSettings:\n"
               "      - ResourcePath: '/*'\n        HttpMethod: GET\n        CachingEnabled: true\n"
               "        CacheTtlInSeconds: 300\n",
        "CloudFormation": "ProdStage:\n  Type: AWS::ApiGateway::Stage\n  Properties:\n"
                          "    CacheClusterEnabled: true\n    CacheClusterSize: '0.5'\n    MethodSettings:\n"
                          "      - ResourcePath: '/*'\n        HttpMethod: GET\n        CachingEnabled: true\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        root = settings_root(resource, graph)
        api = graph.resolve(resource.prop("RestApiId"))
        if root is None or api is None:
            return
        enabled = resource.prop(*root, "CacheClusterEnabled")
        if is_unknown(enabled) or as_bool(enabled):
            return
        methods = [r.method for r in api_routes(graph, api) if not r.is_preflight]
        gets = sum(1 for m in methods if m in ("GET", "HEAD"))
        share = self.option("min_get_share")
        assert isinstance(share, float)
        if gets < 2 or gets < share * len(methods):
            return
        yield self.violation(resource, f"{stage_label(resource, graph)} has no cache although {gets} of its "
                                       f"{len(methods)} routes are GETs", *root, "CacheClusterEnabled")
