"""A file's event flow as an inline SVG picture: sources on the left, functions, then destinations.

igraph's Sugiyama layout places the resources in layers (cycles broken by a feedback arc set) and
orders each layer to reduce crossings; edges that skip layers bend through its control points.
Every name is the user's text, so it is escaped and shortened here, never trusted.
"""

from __future__ import annotations

from html import escape

import igraph

from slens.engine.flow import FAILURE, EventFlow, FlowNode

BOX_W, BOX_H = 184, 36
LAYER_GAP, ROW_GAP, MARGIN = 260, 58, 16
#: stroke colour and dash per relation; failures stand out in red
STYLE = {
    "triggers": ("#2563eb", ""),
    "delivers-to": ("#0d9488", ""),
    "invokes": ("#7c3aed", ""),
    "writes-to": ("#6b7280", "4 3"),
    FAILURE: ("#dc2626", "6 3"),
}
_KIND = {"AWS::Lambda::Function": "function", "AWS::StepFunctions::StateMachine": "workflow"}


def _short(text: str, most: int = 26) -> str:
    return text if len(text) <= most else text[:most - 1] + "…"


def _service(node: FlowNode) -> str:
    """``AWS::SQS::Queue`` -> ``SQS Queue``: the label under the name."""
    parts = node.type.split("::")
    return " ".join(parts[1:]) if len(parts) == 3 else node.type


def _layout(flow: EventFlow) -> tuple[dict[str, tuple[float, float]], list[list[tuple[float, float]]]]:
    index = {node.id: i for i, node in enumerate(flow.nodes)}
    graph = igraph.Graph(n=len(flow.nodes), edges=[(index[e.source], index[e.target]) for e in flow.edges],
                         directed=True)
    layout = graph.layout_sugiyama(hgap=1, vgap=1, maxiter=100)
    row = _spread([(x, y) for x, y in layout] + [(x, y) for points in layout.edge_routing for x, y in points])
    # igraph lays layers out top to bottom; a flow reads left to right, so x and y swap
    place = {node.id: (MARGIN + layout[i][1] * LAYER_GAP, MARGIN + row[tuple(layout[i])] * ROW_GAP)
             for i, node in enumerate(flow.nodes)}
    bends = [[(MARGIN + y * LAYER_GAP + BOX_W / 2, MARGIN + row[(x, y)] * ROW_GAP + BOX_H / 2) for x, y in points]
             for points in layout.edge_routing]
    return place, bends


def _spread(points: list[tuple[float, float]]) -> dict[tuple[float, float], float]:
    """The row of each (position, layer), rows from 0, at least one row apart within a layer: the
    layout may place two boxes of a layer half a row apart, which would draw them over each other."""
    rows: dict[tuple[float, float], float] = {}
    for layer in sorted({y for _, y in points}):
        last = None
        for x in sorted({x for x, y in points if y == layer}):
            rows[(x, layer)] = x if last is None else max(x, last + 1)
            last = rows[(x, layer)]
    top = min(rows.values())
    return {key: value - top for key, value in rows.items()}


def _edge_path(start: tuple[float, float], end: tuple[float, float], bends: list[tuple[float, float]]) -> str:
    (sx, sy), (ex, ey) = start, end
    forward = ex >= sx
    points = [(sx + BOX_W if forward else sx, sy + BOX_H / 2), *bends, (ex if forward else ex + BOX_W, ey + BOX_H / 2)]
    return "M" + " L".join(f"{x:.0f},{y:.0f}" for x, y in points)


def render_flow(flow: EventFlow, element_id: str) -> str:
    """The SVG element; ``element_id`` prefixes the ids inside it, so several can share a page."""
    place, bends = _layout(flow)
    corners = [*place.values(), *((x - BOX_W / 2, y - BOX_H / 2) for points in bends for x, y in points)]
    width = max(x for x, _ in corners) + BOX_W + MARGIN
    height = max(y for _, y in corners) + BOX_H + MARGIN
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="flow" id="{escape(element_id)}" role="img" '
           f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}">',
           f"<title>Event flow of {escape(flow.file)}</title>", "<defs>"]
    for relation, (colour, _dash) in STYLE.items():
        out.append(f'<marker id="{escape(element_id)}-{relation}" viewBox="0 0 10 10" refX="9" refY="5" '
                   f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                   f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>')
    out.append("</defs>")
    for edge, points in zip(flow.edges, bends, strict=True):
        colour, dash = STYLE.get(edge.relation, ("#6b7280", ""))
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        path = _edge_path(place[edge.source], place[edge.target], points)
        out.append(f'<path class="edge {escape(edge.relation)}" d="{path}" fill="none" '
                   f'stroke="{colour}" stroke-width="1.6"{dashed} '
                   f'marker-end="url(#{escape(element_id)}-{escape(edge.relation)})">'
                   f"<title>{escape(edge.source)} {escape(edge.relation)} {escape(edge.target)}</title></path>")
    for node in flow.nodes:
        x, y = place[node.id]
        kind = _KIND.get(node.type, "resource")
        where = f"{flow.file}:{node.line}" if node.line else flow.file
        out.append(f'<g class="node {kind}" data-id="{escape(node.id)}" transform="translate({x:.0f},{y:.0f})">'
                   f"<title>{escape(node.name)} ({escape(node.type)}) at {escape(where)}</title>"
                   f'<rect width="{BOX_W}" height="{BOX_H}" rx="6"/>'
                   f'<text x="8" y="15" class="name">{escape(_short(node.name))}</text>'
                   f'<text x="8" y="29" class="type">{escape(_short(_service(node), 30))}</text></g>')
    out.append("</svg>")
    return "\n".join(out)


def legend() -> str:
    """The relations' colours, as HTML to show once above the pictures."""
    items = [f'<span class="key"><svg width="28" height="8" aria-hidden="true"><line x1="0" y1="4" x2="28" y2="4" '
             f'stroke="{colour}" stroke-width="2"' + (f' stroke-dasharray="{dash}"' if dash else "") +
             f"/></svg>{escape(relation.replace('-', ' '))}</span>" for relation, (colour, dash) in STYLE.items()]
    return '<p class="legend">' + " ".join(items) + "</p>"
