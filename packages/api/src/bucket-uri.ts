/**
 * The one grammar of an archive destination's `bucket_uri`. The client validates with it, and the
 * emulator stores archives by what it returns, so a URI one of them accepts is one the other can use.
 *
 *     bucket-uri = ("s3" / "gs") "://" bucket ["/" path]
 *                / "file://" "/" folder                      ; the emulator's own extension
 *     bucket     = 1*255 of  A-Z a-z 0-9 . _ -   starting and ending with a letter or digit
 *     path       = any characters but control characters (an object-key prefix, taken as written)
 *     folder     = segments separated by "/", percent-encoded like any file URL; once decoded no
 *                  segment is empty (but the last), holds "/" or NUL, or is "." or ".."; "?", "#"
 *                  and "\" are not allowed (a URL parser would read them otherwise)
 *
 * The spec asks for `s3://<my-bucket-name>/<path>/` and `gs://<my-bucket-name>/<path>`. Bucket
 * characters are the union of what the providers allow: Amazon S3 (lowercase letters, digits,
 * dots and hyphens; legacy us-east-1 buckets also uppercase letters and underscores, up to 255
 * characters: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html) and
 * Google Cloud Storage (lowercase letters, digits, dashes, underscores and dots:
 * https://cloud.google.com/storage/docs/buckets#naming); both start and end a name with a letter
 * or digit. Finer rules (length from 3, no "..") are left to the provider to refuse.
 */

export type BucketScheme = 's3' | 'gs' | 'file';

/** A bucket URI taken apart. Archived files go to `base + key`. */
export interface BucketLocation {
  scheme: BucketScheme;
  /** The bucket name; '' for `file://`. */
  bucket: string;
  /**
   * s3/gs: the object-key prefix inside the bucket, '' or ending with '/'.
   * file: the absolute folder path, decoded, ending with '/'.
   */
  prefix: string;
  /**
   * The URI files are stored below, always ending with '/': the `bucket_uri` as written, with a
   * '/' added when it had none (`gs://bucket/path` → `gs://bucket/path/`).
   */
  base: string;
}

export interface BucketUriOptions {
  /** Accept `file:///absolute/folder/` (the emulator's extension for local development). */
  allowFile?: boolean;
}

const BUCKET = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9])?$/;
// C0 controls and DEL, and the C1 controls.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The parts of `uri`, or undefined when it is not a bucket URI of this grammar. */
export function parseBucketUri(uri: string, options: BucketUriOptions = {}): BucketLocation | undefined {
  if (typeof uri !== 'string' || CONTROL.test(uri)) return undefined;
  const match = /^(s3|gs|file):\/\/(.*)$/s.exec(uri);
  if (!match) return undefined;
  const scheme = match[1] as BucketScheme;
  const rest = match[2]!;
  if (scheme === 'file') return options.allowFile ? fileLocation(rest) : undefined;
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  if (!BUCKET.test(bucket)) return undefined;
  const path = slash === -1 ? '' : rest.slice(slash + 1);
  const prefix = path === '' || path.endsWith('/') ? path : `${path}/`;
  return { scheme, bucket, prefix, base: `${scheme}://${bucket}/${prefix}` };
}

/** `rest` is what follows `file://`: an absolute path, so it starts with '/' (no host). */
function fileLocation(rest: string): BucketLocation | undefined {
  if (!rest.startsWith('/') || /[?#\\]/.test(rest)) return undefined;
  const segments = rest.slice(1).split('/');
  const decoded: string[] = [];
  for (const [index, segment] of segments.entries()) {
    let text: string;
    try {
      text = decodeURIComponent(segment);
    } catch {
      return undefined; // a stray '%' or bytes that are not UTF-8
    }
    if (text.includes('/') || text.includes('\u0000') || text === '.' || text === '..') return undefined;
    // Empty segments: the trailing one of "folder/", or none at all for "file:///".
    if (text === '' && index !== segments.length - 1) return undefined;
    decoded.push(text);
  }
  const folder = `/${decoded.join('/')}`;
  return {
    scheme: 'file',
    bucket: '',
    prefix: folder.endsWith('/') ? folder : `${folder}/`,
    base: rest.endsWith('/') ? `file://${rest}` : `file://${rest}/`,
  };
}

/** What a valid `bucket_uri` looks like, for error messages. */
export function bucketUriExpectation(options: BucketUriOptions = {}): string {
  const forms = ['s3://<bucket>/<path>/', 'gs://<bucket>/<path>'];
  if (options.allowFile) forms.push('file:///<absolute folder>/');
  return `a bucket URI: ${forms.join(' or ')}`;
}
