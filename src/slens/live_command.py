"""``slens scan --aws`` and ``--snapshot-in``: the live inventory, read or loaded before the scan
and registered as ``aws://ACCOUNT/REGION`` targets that the scan reviews like files.

Reading happens here, in the parent, with threads (botocore waits on the network, not the CPU);
the mapping of each account and region into resources runs in the scan's units like a template's
load. Only read-only calls are made: :mod:`slens.loaders.aws.calls` declares them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slens.config import ConfigError

if TYPE_CHECKING:  # the parser is built on every run, even --version: nothing heavy at import
    from slens.outputs import Output

_LIVE_ONLY = ("profile", "region", "all_regions", "services", "snapshot", "org_role", "accounts")


def add_arguments(scan: argparse.ArgumentParser) -> None:
    live = scan.add_argument_group("live review (read-only AWS calls)")
    live.add_argument("--aws", action="store_true",
                      help="also review what is deployed in the AWS account of the standard credential chain")
    live.add_argument("--profile", metavar="NAME", help="--aws: the AWS profile (default: the standard chain)")
    live.add_argument("--region", action="append", metavar="REGION",
                      help="--aws: a region to read (repeatable; default: the profile's)")
    live.add_argument("--all-regions", action="store_true", help="--aws: every region enabled in the account")
    live.add_argument("--services", action="append", metavar="NAMES",
                      help="--aws: only these services (comma-separated, e.g. lambda,sqs,iam)")
    live.add_argument("--snapshot", metavar="FILE",
                      help="--aws: also write what was read to FILE (environment values redacted)")
    live.add_argument("--org-role", metavar="NAME",
                      help="--aws: read every account of the AWS Organization through the role NAME assumed in each")
    live.add_argument("--accounts", metavar="IDS",
                      help="--org-role: only these accounts (comma-separated ids) instead of the organization's")
    live.add_argument("--snapshot-in", metavar="FILE", help="review a snapshot written by --snapshot")


def wanted(args: argparse.Namespace) -> bool:
    return bool(args.aws or args.snapshot_in)


def targets(args: argparse.Namespace, jobs: int) -> tuple[list[str], list[Output]]:
    """The live targets to scan and the snapshot to write; ConfigError when the account or the
    snapshot cannot be read at all (what could be read in part is reported by the scan)."""
    from slens.loaders import live
    from slens.outputs import Output

    if not wanted(args):
        given = [name for name in _LIVE_ONLY if getattr(args, name)]
        if given:
            raise ConfigError(f"--{given[0].replace('_', '-')} needs --aws")
        return [], []
    if args.aws and args.snapshot_in:
        raise ConfigError("--aws reads the account, --snapshot-in a snapshot of it: give one of them")
    inventory = _snapshot(args.snapshot_in) if args.snapshot_in else _read(args, jobs)
    outputs = [Output(args.snapshot, snapshot_text(inventory))] if args.snapshot else []
    return live.register(inventory), outputs


def snapshot_text(inventory: dict[str, Any]) -> str:
    from slens.loaders.aws.snapshot import redact_for_snapshot

    return json.dumps(redact_for_snapshot(inventory), indent=1, ensure_ascii=False) + "\n"


def _snapshot(path: str) -> dict[str, Any]:
    from slens.loaders.aws.snapshot import SnapshotError, read_snapshot

    try:
        return read_snapshot(Path(path))
    except SnapshotError as exc:
        raise ConfigError(str(exc)) from None


def _read(args: argparse.Namespace, jobs: int) -> dict[str, Any]:
    try:
        from slens.loaders.aws.read import AwsReadError, read_inventory
    except ImportError as exc:  # boto3 is the optional 'aws' extra
        raise ConfigError(f"--aws needs boto3 ({exc.name} is not installed): pip install 'slens[aws]'") from None
    services = {s.strip() for value in args.services or [] for s in value.split(",") if s.strip()} or None
    if args.accounts and not args.org_role:
        raise ConfigError("--accounts names the accounts that --org-role reads: give --org-role too")
    accounts = [a.strip() for a in args.accounts.split(",") if a.strip()] if args.accounts else None
    done = [0]

    def progress(count: int, total: int) -> None:
        if sys.stderr.isatty():
            done[0] = count
            sys.stderr.write(f"\rslens: reading AWS {count}/{total}")
            sys.stderr.flush()

    try:
        inventory = read_inventory(args.profile, args.region, args.all_regions, services, jobs=max(4, jobs * 4),
                                   progress=progress, org_role=args.org_role, accounts=accounts)
    except AwsReadError as exc:
        raise ConfigError(str(exc)) from None
    finally:
        if done[0]:
            sys.stderr.write("\n")
    return inventory
