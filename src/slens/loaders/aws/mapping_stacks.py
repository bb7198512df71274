"""CloudFormation stacks of the live inventory as ``AWS::CloudFormation::Stack`` resources, so that
rules can judge a stack itself (one left in a failed state), not only what it made.

``StackStatus`` and ``StackStatusReason`` are no template properties: they are what the account
reports, so a rule that reads them can never fire on a template.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slens.loaders.aws.mapping_base import Context, Draft, Item, compact, items, label_of, need_str, tags, text


def stack(ctx: Context, item: Item) -> None:
    name = need_str(item, "StackName")
    arn = text(item, "StackId") or ctx.arn("cloudformation", f"stack/{name}/*")
    props = compact({"StackName": name, "StackStatus": text(item, "StackStatus"),
                     "StackStatusReason": text(item, "StackStatusReason"),
                     "Description": text(item, "Description"), "Tags": tags(item.get("Tags"))})
    # the stack's id is the physical id its parent lists for a nested stack, and the ARN a template reads
    ctx.add(Draft("AWS::CloudFormation::Stack", name, arn, props, {arn: None}, physical=arn,
                  service="cloudformation"))


def map_stacks(ctx: Context, cloudformation: Mapping[str, Any]) -> None:
    ctx.each("cloudformation", "stack", items(cloudformation, "stacks"), stack, label_of("StackId", "StackName"))
