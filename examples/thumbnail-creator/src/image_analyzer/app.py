import json
import os
from decimal import Decimal
from urllib.parse import unquote_plus

import boto3

rekognition = boto3.client("rekognition")
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
MIN_CONFIDENCE = float(os.environ.get("MIN_CONFIDENCE", "80"))


def handler(event, context):
    for sns_record in event["Records"]:
        s3_event = json.loads(sns_record["Sns"]["Message"])
        for record in s3_event.get("Records", []):
            bucket = record["s3"]["bucket"]["name"]
            key = unquote_plus(record["s3"]["object"]["key"])
            labels = rekognition.detect_labels(
                Image={"S3Object": {"Bucket": bucket, "Name": key}},
                MaxLabels=20,
                MinConfidence=MIN_CONFIDENCE,
            )["Labels"]
            table.put_item(Item={
                "imageKey": key,
                "labels": [{"name": l["Name"], "confidence": Decimal(str(round(l["Confidence"], 2)))}
                           for l in labels],
            })
