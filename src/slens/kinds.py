"""What kind of error or notice an input gave: shared by the loaders, which find them, and the engine,
which reports them.

A top-level leaf module (it imports nothing of slens), like :mod:`slens.lens`, because the two
layers that need it may not import each other: the loaders never see the engine and the engine
never sees the loaders. It is not in :mod:`slens.model` either, which is the vocabulary rules
speak about resources; these kinds are about inputs. :mod:`slens.engine` re-exports both enums,
so ``from slens.engine import ErrorKind`` keeps working.
"""

from __future__ import annotations

from enum import Enum


class ErrorKind(Enum):
    PARSE = "parse"
    TRANSFORM = "transform"
    READ = "read"
    INTERNAL = "internal"
    CONFIG = "config"


class NoticeKind(Enum):
    """What slens could not see, though the user did nothing wrong (never an error)."""

    #: a Terraform module from a registry, git or a URL, not downloaded by ``terraform init``
    REMOTE_MODULE = "remote-module"
    #: a nested application or stack whose template is fetched at deploy time
    REMOTE_STACK = "remote-stack"
    #: a CloudFormation macro whose output only CloudFormation sees
    MACRO = "macro"
    #: a file a Serverless Framework service includes that slens does not evaluate (JavaScript)
    INCLUDE = "include"
    #: a file, module or template outside the project, which slens never reads
    OUTSIDE_PROJECT = "outside-project"
    #: a file named on the command line that is not a template
    NOT_A_TEMPLATE = "not-a-template"
    #: something of a live account its endpoint does not serve (an operation an emulator or a
    #: partition does not implement): not the user's doing, unlike access denied or throttling
    NOT_READ = "not-read"
    #: a deployed stack that several reviewed templates match equally well: its findings are not
    #: placed in any of them
    AMBIGUOUS_STACK = "ambiguous-stack"
    #: a rule named by a former id or name (``Rule.aliases``): it still works, the notice names the
    #: current id so that the configuration, suppression or baseline can be updated
    RENAMED_RULE = "renamed-rule"
    #: templates that export, import, share SSM parameters or nest each other, too many of them to
    #: review as one application: each is reviewed on its own
    LARGE_APPLICATION = "large-application"
    #: a CDK app whose cloud assembly was never written (``cdk synth`` did not run): its stacks are
    #: code, which slens does not run
    NOT_SYNTHESIZED = "not-synthesized"
    #: a CDK assembly that records no line of the user's code where a construct was created:
    #: findings point at the synthesized template
    NO_CREATION_LINES = "no-creation-lines"
