"""AWS CDK output: cloud assemblies (``cdk.out``) into the same graph as CloudFormation templates."""

from __future__ import annotations

from slens.loaders.cdk.assembly import CdkLoaded, framework_resources, load_cloud_assembly, synthesized_alone
from slens.loaders.cdk.framework import FRAMEWORK_KEY, construct_label

__all__ = ["FRAMEWORK_KEY", "CdkLoaded", "construct_label", "framework_resources", "load_cloud_assembly",
           "synthesized_alone"]
