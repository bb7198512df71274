"""slens's least-privilege IAM policy, derived from the declared calls and botocore's service models.

``tools/generate_iam_policy.py`` writes it to ``docs/iam-policy.json``; a test regenerates it in
memory and compares, so the file cannot fall behind the calls.
"""

from __future__ import annotations

import re
from typing import Any

from slens.loaders.aws.calls import DECLARED

#: where the IAM service prefix is neither the model's signingName nor its endpointPrefix
IAM_PREFIX = {"monitoring": "cloudwatch"}
#: API Gateway's IAM actions are the HTTP verb on the resource path, for v1 and v2 alike
VERB_SERVICES = frozenset({"apigateway", "apigatewayv2"})


def _models() -> Any:
    import botocore.session

    return botocore.session.get_session()


def iam_prefix(metadata: dict[str, Any]) -> str:
    prefix = str(metadata.get("signingName") or metadata["endpointPrefix"])
    return IAM_PREFIX.get(prefix, prefix)


def policy_document() -> dict[str, Any]:
    """The policy: named read actions on every resource, and GET on the API Gateway paths read."""
    session = _models()
    actions: set[str] = set()
    paths: set[str] = set()
    for service, operations in DECLARED.items():
        model = session.get_service_model(service)
        for operation in operations:
            if service in VERB_SERVICES:
                http = model.operation_model(operation).http
                actions.add(f"apigateway:{http['method']}")
                # /restapis/{restapi_id}/stages -> /restapis/*/stages: a path parameter is any id; v2's
                # request paths start /v2/apis while its IAM resources are /apis/...
                path = re.sub(r"\{[^}]+\}", "*", http["requestUri"].split("?")[0])
                paths.add(path.removeprefix("/v2") if service == "apigatewayv2" else path)
            else:
                actions.add(f"{iam_prefix(model.metadata)}:{operation}")
    statements: list[dict[str, Any]] = [
        {"Sid": "SlensReadOnly", "Effect": "Allow", "Action": sorted(actions - {"apigateway:GET"}), "Resource": "*"}]
    if paths:
        statements.append({"Sid": "SlensApiGatewayReadOnly", "Effect": "Allow", "Action": ["apigateway:GET"],
                           "Resource": [f"arn:aws:apigateway:*::{p}" for p in sorted(paths)]})
    return {"Version": "2012-10-17", "Statement": statements}
