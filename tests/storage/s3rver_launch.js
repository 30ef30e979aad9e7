// Starts s3rver (a local S3-compatible server) for the storage tests and benchmarks:
//   node --openssl-legacy-provider s3rver_launch.js <node_modules dir> <data dir> <bucket>[,<bucket>...]
// Listens on 127.0.0.1 on a free port and prints "PORT <n>" once ready; runs until killed.
// s3rver 3.7 makes ListObjectsV2 continuation tokens with DES, which Node >= 17 (OpenSSL 3) offers
// only with --openssl-legacy-provider: without it every paged listing answers 500.
'use strict';
const path = require('path');
const [modules, directory, buckets] = process.argv.slice(2);
if (!modules || !directory || !buckets) {
  console.error('usage: s3rver_launch.js <node_modules> <dir> <bucket,...>');
  process.exit(2);
}
const S3rver = require(path.join(modules, 's3rver'));
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: buckets.split(',').map((name) => ({ name })),
});
server.run().then(
  (address) => {
    process.stdout.write(`PORT ${address.port}\n`);
  },
  (err) => {
    console.error(`s3rver failed: ${err && err.message}`);
    process.exit(1);
  },
);
process.on('SIGTERM', () => server.close().then(() => process.exit(0), () => process.exit(0)));
// If the test process dies without killing us (a crash), do not linger: exit once re-parented.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) server.close().then(() => process.exit(0), () => process.exit(0));
}, 1000).unref();
