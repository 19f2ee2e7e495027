import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBucketUri } from './bucket-uri.js';

test('s3:// and gs:// take a bucket and an optional path; the prefix and base always end with "/"', () => {
  assert.deepEqual(parseBucketUri('s3://my-bucket/path/'), {
    scheme: 's3',
    bucket: 'my-bucket',
    prefix: 'path/',
    base: 's3://my-bucket/path/',
  });
  assert.deepEqual(parseBucketUri('gs://my-bucket/path'), {
    scheme: 'gs',
    bucket: 'my-bucket',
    prefix: 'path/',
    base: 'gs://my-bucket/path/',
  });
  assert.deepEqual(parseBucketUri('gs://my-bucket'), { scheme: 'gs', bucket: 'my-bucket', prefix: '', base: 'gs://my-bucket/' });
  assert.deepEqual(parseBucketUri('s3://b.example.com/a b/c/'), {
    scheme: 's3',
    bucket: 'b.example.com',
    prefix: 'a b/c/',
    base: 's3://b.example.com/a b/c/',
  });
  // legacy S3 names (uppercase, underscores) and GCS names with underscores
  assert.equal(parseBucketUri('s3://Legacy_Bucket/')?.bucket, 'Legacy_Bucket');
  assert.equal(parseBucketUri('gs://my_bucket/x')?.bucket, 'my_bucket');
});

test('refuses what is not a bucket URI', () => {
  for (const uri of [
    '',
    's3://',
    's3:///path/',
    'S3://bucket/',
    'https://bucket/path',
    's3:/bucket/',
    's3://-bucket/',
    's3://bucket-/',
    's3://bu cket/',
    's3://bucket:9000/',
    's3://bucket/line\nbreak/',
    `s3://${'b'.repeat(256)}/`,
    'file:///tmp/x/',
  ]) {
    assert.equal(parseBucketUri(uri), undefined, JSON.stringify(uri));
  }
});

test('file:// (emulator only) is an absolute folder, decoded once, with nothing that would move it', () => {
  const allowFile = { allowFile: true };
  assert.deepEqual(parseBucketUri('file:///tmp/archive/', allowFile), {
    scheme: 'file',
    bucket: '',
    prefix: '/tmp/archive/',
    base: 'file:///tmp/archive/',
  });
  assert.deepEqual(parseBucketUri('file:///tmp/my%20archive', allowFile), {
    scheme: 'file',
    bucket: '',
    prefix: '/tmp/my archive/',
    base: 'file:///tmp/my%20archive/',
  });
  assert.equal(parseBucketUri('file:///', allowFile)?.prefix, '/');
  for (const uri of [
    'file://host/tmp/x/',
    'file://tmp/x/',
    'file:///tmp/a%2Fb/',
    'file:///tmp/%00/',
    'file:///tmp/%zz/',
    'file:///tmp/%FF/',
    'file:///tmp/../etc/',
    'file:///tmp/%2e%2e/etc/',
    'file:///tmp/./x/',
    'file:///tmp//x/',
    'file:///tmp/x?y',
    'file:///tmp/x#y',
    'file:///tmp\\x/',
  ]) {
    assert.equal(parseBucketUri(uri, allowFile), undefined, uri);
  }
});
