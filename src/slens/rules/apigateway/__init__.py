"""API Gateway rules; how their messages name a stage."""

from slens.model import Graph, Resource, as_str
from slens.model.stages import stage_api


def stage_label(stage: Resource, graph: Graph) -> str:
    """``stage prod of API OrdersApi``, or ``stage prod (ProdStage)`` when the API is not in the template."""
    name = as_str(stage.prop("StageName")) or stage.logical_id
    api = stage_api(stage, graph)
    return f"stage {name} of API {api.logical_id}" if api is not None else f"stage {name} ({stage.logical_id})"
