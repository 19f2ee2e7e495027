import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DemoConfigError, readConfig } from './config.js';

test('defaults: the emulator, 127.0.0.1:8080', () => {
  assert.deepEqual(readConfig({}), { host: '127.0.0.1', port: 8080, service: undefined, emulatorPort: 0, allowedHosts: [] });
});

test('extra host names for a proxy: names only, checked', () => {
  assert.deepEqual(readConfig({ IFLS_DEMO_ALLOWED_HOSTS: ' demo.example.com, .example.org ' }).allowedHosts, [
    'demo.example.com',
    '.example.org',
  ]);
  for (const wrong of ['https://demo.example.com', 'demo.example.com:443', '*', 'a b']) {
    assert.throws(() => readConfig({ IFLS_DEMO_ALLOWED_HOSTS: wrong }), /IFLS_DEMO_ALLOWED_HOSTS/, wrong);
  }
});

test('the real service when both IFLS_API_URL and IFLS_ACCESS_TOKEN are set', () => {
  const config = readConfig({ IFLS_API_URL: 'https://live-api.imageflux.jp/', IFLS_ACCESS_TOKEN: 't' });
  assert.deepEqual(config.service, { apiUrl: 'https://live-api.imageflux.jp/', accessToken: 't' });
});

test('only one of the two is an error, not a silent fallback to the emulator', () => {
  assert.throws(() => readConfig({ IFLS_ACCESS_TOKEN: 't' }), DemoConfigError);
  assert.throws(() => readConfig({ IFLS_API_URL: 'https://live-api.imageflux.jp/' }), DemoConfigError);
});

test('ports are checked', () => {
  assert.equal(readConfig({ DEMO_PORT: '0' }).port, 0);
  assert.throws(() => readConfig({ DEMO_PORT: '80a' }), /DEMO_PORT/);
  assert.throws(() => readConfig({ IFLS_EMULATOR_PORT: '70000' }), /IFLS_EMULATOR_PORT/);
});
