"""Where an API stage's settings are written, and which API a stage belongs to (shared by the stage rules)."""

from __future__ import annotations

from slens.model.apis import api_stages
from slens.model.graph import Graph
from slens.model.resources import Resource
from slens.model.values import PropertyPath, Unknown

REST_STAGE = "AWS::ApiGateway::Stage"
HTTP_STAGE = "AWS::ApiGatewayV2::Stage"
DEPLOYMENT = "AWS::ApiGateway::Deployment"
STAGE_TYPES = (REST_STAGE, HTTP_STAGE, DEPLOYMENT)


def settings_root(stage: Resource, graph: Graph) -> PropertyPath | None:
    """``()`` for stage resources, ``("StageDescription",)`` for a deployment that is the only
    stage of its API (``graph.stages``), None for a deployment that is no stage to judge."""
    if stage.type != DEPLOYMENT:
        return ()
    if not stage.has("StageName"):
        return None
    api = graph.resolve(stage.prop("RestApiId"))
    if api is not None:
        return ("StageDescription",) if any(s is stage for s in api_stages(graph, api)) else None
    return None if graph.referrers(stage, (REST_STAGE,)) else ("StageDescription",)


def stage_api(stage: Resource, graph: Graph) -> Resource | None:
    """The template API a stage (or deployment) belongs to; None when it is not in the template."""
    return graph.resolve(stage.prop("ApiId" if stage.type == HTTP_STAGE else "RestApiId"))


def stages_beside(deployment: Resource, graph: Graph) -> list[Resource]:
    """The API's stage resources when ``deployment`` also creates a stage of its own (``StageName``), which
    is then a second stage that none of them describes; empty otherwise (a ``StageName`` behind an
    ``Fn::If``, which may drop it, counts as none)."""
    name = deployment.prop("StageName")
    if deployment.type != DEPLOYMENT or name is None or (isinstance(name, Unknown) and name.reason == "Fn::If"):
        return []
    api = stage_api(deployment, graph)
    if api is not None:
        return graph.children(api, REST_STAGE)
    return graph.referrers(deployment, (REST_STAGE,))
