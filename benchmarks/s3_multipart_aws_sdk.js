// The peer of benchmarks/s3_multipart_vs_aws_sdk.py: uploads one file with @aws-sdk/lib-storage's
// Upload (multipart, `queueSize` parts in flight) and prints {"seconds": s, "bytes": n} as JSON.
//   node s3_multipart_aws_sdk.js <node_modules> <endpoint> <bucket> <key> <file> <part_size> <concurrency>
'use strict';
const fs = require('fs');
const path = require('path');
const [modules, endpoint, bucket, key, file, partSize, concurrency] = process.argv.slice(2);
const { S3Client } = require(path.join(modules, '@aws-sdk/client-s3'));
const { Upload } = require(path.join(modules, '@aws-sdk/lib-storage'));

async function main() {
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const bytes = fs.statSync(file).size;
  const start = process.hrtime.bigint();
  const upload = new Upload({
    client,
    params: { Bucket: bucket, Key: key, Body: fs.createReadStream(file) },
    partSize: Number(partSize),
    queueSize: Number(concurrency),
    leavePartsOnError: false,
  });
  await upload.done();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify({ seconds, bytes }) + '\n');
}
main().catch((err) => {
  console.error(`aws-sdk upload failed: ${err && err.message}`);
  process.exit(1);
});
