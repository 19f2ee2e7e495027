import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ImageFluxApiError, ImageFluxClient } from '@ifls/api';
import { CliProcesses } from './test/cli-processes.js';
import { CliUsageError, DEFAULT_HOST, DEFAULT_PORT, parseCliArguments } from './cli-options.js';
import { createChannelCurl } from './startup-banner.js';

const BANNER_LAST_LINE = 'Stop with Ctrl-C.';

/** The words of a POSIX shell line of plain, single-quoted and backslash-escaped parts (what the banner prints). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /(?:[^\s'\\]+|'[^']*'|\\.)+/g;
  for (const [word] of line.matchAll(pattern)) {
    words.push(word.replace(/'([^']*)'|\\(.)/g, (_match, quoted?: string, escaped?: string) => quoted ?? escaped ?? ''));
  }
  return words;
}

/** The request a `curl -X POST -H … -d … URL` line would send. */
function requestOfCurl(line: string): { url: string; init: RequestInit } {
  const words = shellWords(line);
  assert.equal(words[0], 'curl');
  const headers = new Headers();
  let method = 'GET';
  let body: string | undefined;
  let url: string | undefined;
  for (let index = 1; index < words.length; index += 1) {
    const word = words[index] as string;
    if (word === '-X') method = words[++index] as string;
    else if (word === '-H') {
      const header = words[++index] as string;
      const colon = header.indexOf(':');
      headers.set(header.slice(0, colon), header.slice(colon + 1).trim());
    } else if (word === '-d') body = words[++index];
    else url = word;
  }
  assert.ok(url, 'the curl line names a URL');
  return { url, init: { method, headers, body } };
}

describe('parseCliArguments', () => {
  test('defaults: port 5080 on 127.0.0.1, no token, in memory', () => {
    assert.deepEqual(parseCliArguments([]), { kind: 'run', options: { port: DEFAULT_PORT, host: DEFAULT_HOST } });
    assert.equal(DEFAULT_PORT, 5080);
  });

  test('every flag', () => {
    assert.deepEqual(
      parseCliArguments([
        '--port',
        '0',
        '--host',
        '0.0.0.0',
        '--token',
        'a',
        '--token',
        'b',
        '--data-dir',
        '/tmp/x',
        '--archive-root',
        '/tmp/a',
      ]),
      { kind: 'run', options: { port: 0, host: '0.0.0.0', tokens: ['a', 'b'], dataDir: '/tmp/x', archiveRoot: '/tmp/a' } },
    );
    assert.deepEqual(parseCliArguments(['--help']), { kind: 'help' });
  });

  test('bad command lines are usage errors', () => {
    for (const args of [
      ['--port', 'http'],
      ['--port', '70000'],
      ['--port', '-1'],
      ['--port', '1.5'],
      ['--verbose'],
      ['extra'],
      ['--token', 'a b'],
      ['--data-dir', ''],
      ['--archive-root', ''],
    ]) {
      assert.throws(() => parseCliArguments(args), CliUsageError, args.join(' '));
    }
  });

  test('the curl quotes a token with a quote in it', () => {
    const { init } = requestOfCurl(createChannelCurl('http://127.0.0.1:1/', "it's"));
    assert.equal(new Headers(init.headers).get('authorization'), "Bearer it's");
  });
});

describe('ifls-emulator CLI', { timeout: 60_000 }, () => {
  const processes = new CliProcesses();
  after(() => processes.killAll());

  test('prints the URL, a development token and a curl that creates a channel; SIGTERM exits 0', async () => {
    const cli = await processes.start(['--port', '0']);
    assert.match(cli.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(cli.tokens.length, 1);
    assert.match(cli.tokens[0] as string, /^dev-[0-9a-f]{32}$/);

    const { url, init } = requestOfCurl(cli.curl);
    assert.equal(url, cli.url);
    const headers = new Headers(init.headers);
    assert.equal(headers.get('authorization'), `Bearer ${cli.tokens[0]}`);
    assert.equal(headers.get('x-sora-target'), 'ImageFlux_20180905.CreateChannel');
    assert.equal(headers.get('content-type'), 'application/json');

    // Raw fetch on purpose: the point is that the curl the banner prints works as it is.
    const response = await fetch(url, init);
    assert.equal(response.status, 200);
    const channel = (await response.json()) as Record<string, string>;
    assert.match(channel.channel_id ?? '', /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.ok(channel.playlist_url?.startsWith(cli.url));

    cli.child.kill('SIGTERM');
    assert.deepEqual(await cli.exited, { code: 0, signal: null });
    assert.ok(
      !cli
        .output()
        .split(BANNER_LAST_LINE)[1]
        ?.includes(cli.tokens[0] as string),
      'the token is not logged after the banner',
    );
  });

  test('given tokens are used as they are; SIGINT exits 0', async () => {
    const cli = await processes.start(['--port', '0', '--token', 'first-token', '--token', 'second-token']);
    assert.deepEqual(cli.tokens, ['first-token', 'second-token']);
    assert.ok(cli.curl.includes("'Authorization: Bearer first-token'"));
    cli.child.kill('SIGINT');
    assert.deepEqual(await cli.exited, { code: 0, signal: null });
  });

  test('--archive-root allows file:// archive destinations inside the folder only', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ifls-cli-archive-root-'));
    try {
      const cli = await processes.start(['--port', '0', '--token', 'archive-token', '--archive-root', root]);
      assert.ok(cli.output().includes(`file:// destinations inside ${root}`), cli.output());
      const client = new ImageFluxClient({ endpoint: cli.url, accessToken: 'archive-token', allowFileBucketUri: true });
      await client.createArchiveDestination({ bucket_uri: `file://${root}/recordings/` });
      const outside = await client.createArchiveDestination({ bucket_uri: 'file:///etc/cron.d/' }).catch((error: unknown) => error);
      assert.ok(outside instanceof ImageFluxApiError, String(outside));
      assert.equal(outside.status, 400);
      assert.deepEqual(
        { ...(outside.body as Record<string, unknown>), message: undefined },
        { error_type: 'EMULATOR-LIMIT', field: 'bucket_uri', message: undefined },
      );
      cli.child.kill('SIGTERM');
      await cli.exited;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('--help prints the usage and exits 0', async () => {
    const result = await processes.run(['--help']);
    assert.equal(result.code, 0);
    for (const flag of ['--port', '--host', '--token', '--data-dir', '--archive-root', '--allow-internal-webhooks', '--help'])
      assert.ok(result.stdout.includes(flag), flag);
  });

  test('a bad flag exits 2 with a message on stderr', async () => {
    const result = await processes.run(['--port', 'eighty']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--port must be a whole number/);
  });
});
