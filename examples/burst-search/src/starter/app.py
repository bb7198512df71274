import json
import os
import random
import time
import uuid

import boto3

s3 = boto3.client("s3")
sfn = boto3.client("stepfunctions")
table = boto3.resource("dynamodb").Table(os.environ["SEARCH_TABLE"])
BATCH_SIZE = int(os.environ["BATCH_SIZE"])


def _library_keys(prefix):
    paginator = s3.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=os.environ["LIBRARY_BUCKET"], Prefix=prefix):
        yield from (obj["Key"] for obj in page.get("Contents", []))


def handler(event, context):
    """event: {"maskKey": "masks/abc.png", "libraryPrefix": "color_depth/"}"""
    search_id = str(uuid.uuid4())
    keys = list(_library_keys(event.get("libraryPrefix", "")))
    # The library is spread over numbered prefixes; shuffling spreads each
    # batch's GETs across S3 partitions instead of hammering one prefix.
    random.shuffle(keys)
    batches = [keys[i:i + BATCH_SIZE] for i in range(0, len(keys), BATCH_SIZE)]

    table.put_item(Item={"searchId": search_id, "sk": "META", "status": "RUNNING",
                         "maskKey": event["maskKey"], "batchCount": len(batches),
                         "expiresAt": int(time.time()) + 7 * 86400})
    # Execution name = search id, so a retried start cannot launch a duplicate.
    sfn.start_execution(stateMachineArn=os.environ["STATE_MACHINE_ARN"], name=search_id,
                        input=json.dumps({"searchId": search_id, "maskKey": event["maskKey"],
                                          "batches": batches}))
    return {"searchId": search_id, "batches": len(batches)}
