"""Where an API stage's settings are written, and how messages name it (shared by the stage rules)."""

from __future__ import annotations

from slens.model.graph import Graph
from slens.model.resources import Resource
from slens.model.values import PropertyPath, as_str

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
        return ("StageDescription",) if any(s is stage for s in graph.stages(api)) else None
    return None if graph.referrers(stage, (REST_STAGE,)) else ("StageDescription",)


def stage_label(stage: Resource, graph: Graph) -> str:
    name = as_str(stage.prop("StageName")) or stage.logical_id
    api = graph.resolve(stage.prop("ApiId" if stage.type == HTTP_STAGE else "RestApiId"))
    return f"stage {name} of API {api.logical_id}" if api is not None else f"stage {name} ({stage.logical_id})"
