import json
import os
import uuid

import boto3

# Bodies were already validated against the Recipe model by API Gateway.
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
s3 = boto3.client("s3")
sqs = boto3.client("sqs")


def _response(status, body):
    return {"statusCode": status, "body": json.dumps(body)}


def handler(event, context):
    method, resource = event["httpMethod"], event["resource"]
    owner = event["requestContext"]["authorizer"]["claims"]["sub"]
    recipe_id = (event.get("pathParameters") or {}).get("id") or str(uuid.uuid4())

    if resource.endswith("/image-upload-url"):
        url = s3.generate_presigned_url(
            "put_object",
            Params={"Bucket": os.environ["IMAGE_BUCKET"], "Key": f"uploads/{recipe_id}.jpg",
                    "ContentType": "image/jpeg"},
            ExpiresIn=300,
        )
        return _response(200, {"uploadUrl": url})
    if method == "DELETE":
        table.delete_item(Key={"recipeId": recipe_id},
                          ConditionExpression="ownerId = :o", ExpressionAttributeValues={":o": owner})
        return _response(204, {})

    recipe = {**json.loads(event["body"]), "recipeId": recipe_id, "ownerId": owner}
    table.put_item(Item=recipe)
    sqs.send_message(QueueUrl=os.environ["NUTRITION_QUEUE_URL"],
                     MessageBody=json.dumps({"recipeId": recipe_id}))
    return _response(201 if method == "POST" else 200, recipe)
