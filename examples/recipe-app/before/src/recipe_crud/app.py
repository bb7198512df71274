import json
import os
import uuid

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
s3 = boto3.client("s3")
sqs = boto3.client("sqs")


def _response(status, body):
    return {"statusCode": status, "body": json.dumps(body, default=str)}


def handler(event, context):
    """Every CRUD and search route lands in this one function."""
    method, resource = event["httpMethod"], event["resource"]
    params = event.get("pathParameters") or {}

    if resource == "/recipes" and method == "GET":
        return _response(200, table.scan(Limit=50)["Items"])
    if resource == "/search":
        term = (event.get("queryStringParameters") or {}).get("q", "").lower()
        items = table.scan()["Items"]
        return _response(200, [i for i in items if term in i.get("title", "").lower()])
    if resource == "/recipes" and method == "POST":
        recipe = json.loads(event["body"])  # no validation at all
        recipe["recipeId"] = str(uuid.uuid4())
        table.put_item(Item=recipe)
        sqs.send_message(QueueUrl=os.environ["NUTRITION_QUEUE_URL"],
                         MessageBody=json.dumps({"recipeId": recipe["recipeId"]}))
        return _response(201, recipe)
    if resource == "/recipes/{id}" and method == "GET":
        return _response(200, table.get_item(Key={"recipeId": params["id"]}).get("Item"))
    if resource == "/recipes/{id}" and method == "PUT":
        table.put_item(Item={**json.loads(event["body"]), "recipeId": params["id"]})
        return _response(200, {"recipeId": params["id"]})
    if resource == "/recipes/{id}" and method == "DELETE":
        table.delete_item(Key={"recipeId": params["id"]})
        return _response(204, {})
    if resource == "/recipes/{id}/image-upload-url":
        url = s3.generate_presigned_url(
            "put_object",
            Params={"Bucket": os.environ["IMAGE_BUCKET"], "Key": f"uploads/{params['id']}.jpg"},
            ExpiresIn=300,
        )
        return _response(200, {"uploadUrl": url})
    return _response(404, {"message": "not found"})
