import os

import boto3
from boto3.dynamodb.conditions import Key

table = boto3.resource("dynamodb").Table(os.environ["SEARCH_TABLE"])
TOP_N = 200


def handler(event, context):
    search_id = event["searchId"]
    matches, kwargs = [], {"KeyConditionExpression": Key("searchId").eq(search_id)
                           & Key("sk").begins_with("RESULT#")}
    while True:
        page = table.query(**kwargs)
        for item in page["Items"]:
            matches.extend(item.get("matches", []))
        if "LastEvaluatedKey" not in page:
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    top = sorted(matches, key=lambda m: m["score"], reverse=True)[:TOP_N]
    table.update_item(Key={"searchId": search_id, "sk": "META"},
                      UpdateExpression="SET #s = :done, topMatches = :top",
                      ExpressionAttributeNames={"#s": "status"},
                      ExpressionAttributeValues={":done": "COMPLETE", ":top": top})
    return {"searchId": search_id, "matches": len(top)}
