import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { compareColorDepth } from './compare.mjs';

const s3 = new S3Client({});
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

const getBytes = async (Bucket, Key) => {
  const res = await s3.send(new GetObjectCommand({ Bucket, Key }));
  return res.Body.transformToByteArray();
};

export const handler = async ({ searchId, maskKey, keys }) => {
  const mask = await getBytes(process.env.MASK_BUCKET, maskKey);
  const matches = [];
  for (const key of keys) {
    const score = compareColorDepth(mask, await getBytes(process.env.LIBRARY_BUCKET, key));
    if (score > 0) matches.push({ key, score });
  }
  matches.sort((a, b) => b.score - a.score);
  // One item per batch, keyed by the first image: a retried batch overwrites itself.
  await ddb.send(new PutCommand({
    TableName: process.env.SEARCH_TABLE,
    Item: { searchId, sk: `RESULT#${keys[0]}`, matches: matches.slice(0, 100) },
  }));
  return { searchId, searched: keys.length, matched: matches.length };
};
