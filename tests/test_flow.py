"""The event flow: which edges a file's picture holds, its bounds, the cache, and the SVG drawn from it."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from slens.engine import RuleCatalogue
from slens.engine.flow import FAILURE, MAX_NODES, EventFlow, FlowEdge, FlowNode
from slens.loaders import Cache, LoadOptions
from slens.report.flow_svg import BOX_H, BOX_W, STYLE, render_flow
from slens.scan import ScanOptions, scan

ROOT = Path(__file__).resolve().parent.parent


def _flow(path: Path, catalogue: RuleCatalogue) -> EventFlow:
    flows = scan([str(path)], catalogue, ScanOptions(fail_on=None)).flows
    assert len(flows) == 1
    return flows[0]


def _edges(flow: EventFlow) -> set[tuple[str, str, str]]:
    return {(e.source, e.relation, e.target) for e in flow.edges}


def test_the_thumbnail_creator_fans_out_through_its_topic_with_failures_kept(catalogue: RuleCatalogue) -> None:
    flow = _flow(ROOT / "examples" / "thumbnail-creator", catalogue)
    assert _edges(flow) == {
        ("RawBucket", "delivers-to", "ImageUploadTopic"),
        ("ImageUploadTopic", "triggers", "ThumbnailMakerFunction"),
        ("ImageUploadTopic", "triggers", "ImageAnalyzerFunction"),
        # a subscription's redrive policy is drawn from the topic, the function's DLQ from the function
        ("ImageUploadTopic", FAILURE, "FailedImageEventsQueue"),
        ("ThumbnailMakerFunction", FAILURE, "FailedImageEventsQueue"),
        ("ThumbnailMakerFunction", "writes-to", "ThumbnailBucket"),
        ("ImageAnalyzerFunction", "writes-to", "ImageAnalysisTable"),
    }
    lines = {n.id: n.line for n in flow.nodes}
    text = (ROOT / "examples" / "thumbnail-creator" / "template.yaml").read_text().splitlines()
    assert text[lines["RawBucket"] - 1].strip() == "RawBucket:"


def test_a_grant_on_a_functions_own_dlq_is_not_a_second_flow(catalogue: RuleCatalogue) -> None:
    flow = _flow(ROOT / "examples" / "recipe-app" / "after", catalogue)
    edges = _edges(flow)
    assert ("ThumbnailFunction", FAILURE, "AsyncFailureDLQ") in edges
    assert ("ThumbnailFunction", "writes-to", "AsyncFailureDLQ") not in edges
    assert ("WriteRecipesFunction", "writes-to", "NutritionQueue") in edges
    assert ("NutritionQueue", "triggers", "NutritionLookupFunction") in edges


def test_a_stream_mappings_failures_are_drawn_from_its_function(tmp_path: Path, catalogue: RuleCatalogue) -> None:
    (tmp_path / "template.yaml").write_text(textwrap.dedent("""\
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          Stream:
            Type: AWS::Kinesis::Stream
            Properties: {ShardCount: 1}
          Failures:
            Type: AWS::SQS::Queue
          Fn:
            Type: AWS::Lambda::Function
            Properties: {Runtime: python3.12, Handler: a.b, Role: arn:aws:iam::1:role/r, Code: {ZipFile: x}}
          Mapping:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              FunctionName: !Ref Fn
              EventSourceArn: !GetAtt Stream.Arn
              StartingPosition: LATEST
              DestinationConfig: {OnFailure: {Destination: !GetAtt Failures.Arn}}
        """))
    flow = _flow(tmp_path, catalogue)
    assert _edges(flow) == {("Stream", "triggers", "Fn"), ("Fn", FAILURE, "Failures")}
    assert {n.id for n in flow.nodes} == {"Stream", "Fn", "Failures"}


def test_a_flow_is_bounded_and_says_what_it_left_out(tmp_path: Path, catalogue: RuleCatalogue) -> None:
    pairs = MAX_NODES  # twice as many connected resources as a picture holds
    resources = "".join(f"""
          Topic{i}:
            Type: AWS::SNS::Topic
          Queue{i}:
            Type: AWS::SQS::Queue
          Sub{i}:
            Type: AWS::SNS::Subscription
            Properties: {{TopicArn: !Ref Topic{i}, Protocol: sqs, Endpoint: !GetAtt Queue{i}.Arn}}"""
                        for i in range(pairs))
    (tmp_path / "template.yaml").write_text("Resources:" + resources + "\n")
    flow = _flow(tmp_path, catalogue)
    assert len(flow.nodes) == MAX_NODES
    assert flow.omitted == 2 * pairs - MAX_NODES
    assert {n for e in flow.edges for n in (e.source, e.target)} == {n.id for n in flow.nodes}


def test_flows_come_back_from_the_result_cache_unchanged(tmp_path: Path, catalogue: RuleCatalogue) -> None:
    options = ScanOptions(fail_on=None, load=LoadOptions(cache=Cache(tmp_path / "cache")))
    example = str(ROOT / "examples" / "thumbnail-creator")
    cold = scan([example], catalogue, options).flows
    warm = scan([example], catalogue, options).flows
    assert cold and warm == cold
    assert EventFlow.decode(cold[0].encode()) == cold[0]


# the picture

def _hostile_flow() -> EventFlow:
    nodes = (FlowNode("Api", '<script>alert(1)</script>', "AWS::ApiGateway::RestApi", 3),
             FlowNode("Fn", '"><img src=x onerror=alert(1)>', "AWS::Lambda::Function", 9),
             FlowNode("Dlq", "Dlq", "AWS::SQS::Queue", None))
    edges = (FlowEdge("Api", "triggers", "Fn"), FlowEdge("Fn", FAILURE, "Dlq"))
    return EventFlow("a<b>.yaml", nodes, edges)


def test_the_svg_draws_every_node_and_edge_with_failures_in_their_own_colour() -> None:
    svg = render_flow(_hostile_flow(), "flow-0")
    assert svg.count('<g class="node') == 3 and svg.count('<path class="edge') == 2
    failure = re.search(r'<path class="edge sends-failures-to"[^>]*>', svg)
    assert failure is not None and f'stroke="{STYLE[FAILURE][0]}"' in failure.group(0)
    assert 'class="node function"' in svg
    assert render_flow(_hostile_flow(), "flow-0") == svg  # the same picture every run


def test_names_in_the_svg_are_text_never_markup() -> None:
    svg = render_flow(_hostile_flow(), "flow-0")
    assert "<script" not in svg and "<img" not in svg and "a<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg and "&quot;&gt;&lt;img src=x onerror=aler…" in svg


def test_boxes_never_overlap(catalogue: RuleCatalogue) -> None:
    svg = render_flow(_flow(ROOT / "examples" / "recipe-app" / "after", catalogue), "flow-0")
    boxes = [(float(x), float(y)) for x, y in re.findall(r'<g class="node[^"]*" data-id="[^"]*" '
                                                         r'transform="translate\(([\d.]+),([\d.]+)\)"', svg)]
    assert len(boxes) == 13
    for i, (x1, y1) in enumerate(boxes):
        for x2, y2 in boxes[i + 1:]:
            assert abs(x1 - x2) >= BOX_W or abs(y1 - y2) >= BOX_H, (x1, y1, x2, y2)
