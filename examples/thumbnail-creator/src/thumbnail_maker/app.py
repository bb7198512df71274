import io
import json
import os
from urllib.parse import unquote_plus

import boto3
from PIL import Image  # packaged with the function (Pillow)

s3 = boto3.client("s3")
SIZES = [(128, 128), (512, 512)]


def handler(event, context):
    for sns_record in event["Records"]:
        s3_event = json.loads(sns_record["Sns"]["Message"])
        for record in s3_event.get("Records", []):  # s3:TestEvent has no Records
            bucket = record["s3"]["bucket"]["name"]
            key = unquote_plus(record["s3"]["object"]["key"])
            original = Image.open(io.BytesIO(s3.get_object(Bucket=bucket, Key=key)["Body"].read()))
            for width, height in SIZES:
                thumb = original.copy()
                thumb.thumbnail((width, height))
                buf = io.BytesIO()
                thumb.convert("RGB").save(buf, "JPEG", quality=85)
                s3.put_object(Bucket=os.environ["THUMBNAIL_BUCKET"], Key=f"{width}x{height}/{key}",
                              Body=buf.getvalue(), ContentType="image/jpeg")
