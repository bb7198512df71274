import io
import os
from urllib.parse import unquote_plus

import boto3
from PIL import Image  # packaged with the function (Pillow)

s3 = boto3.client("s3")
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        key = unquote_plus(record["s3"]["object"]["key"])
        image = Image.open(io.BytesIO(s3.get_object(Bucket=bucket, Key=key)["Body"].read()))
        image.thumbnail((320, 320))
        buf = io.BytesIO()
        image.convert("RGB").save(buf, "JPEG", quality=85)
        recipe_id = os.path.splitext(os.path.basename(key))[0]
        thumb_key = f"thumbs/{recipe_id}.jpg"
        # Idempotent: a retried event overwrites the same object and attribute.
        s3.put_object(Bucket=os.environ["THUMBNAIL_BUCKET"], Key=thumb_key, Body=buf.getvalue(),
                      ContentType="image/jpeg")
        table.update_item(Key={"recipeId": recipe_id}, UpdateExpression="SET thumbnailKey = :k",
                          ExpressionAttributeValues={":k": thumb_key})
