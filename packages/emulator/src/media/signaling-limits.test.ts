import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectionSeats } from './connection-seats.js';
import { CloseCode } from './signaling-close.js';
import {
  connectionLimitsFrom,
  DEFAULT_CONNECTION_LIMITS,
  jsonNestsDeeperThan,
  jsonValueProblem,
  MAX_METADATA_BYTES,
  valueDepth,
} from './signaling-limits.js';
import type { ChannelRecord } from '../media-seam.js';

describe('jsonNestsDeeperThan', () => {
  test('counts objects and arrays, the outermost being level 1', () => {
    assert.equal(jsonNestsDeeperThan('{"a":[{"b":[]}]}', 4), false);
    assert.equal(jsonNestsDeeperThan('{"a":[{"b":[[]]}]}', 4), true);
    assert.equal(jsonNestsDeeperThan('1', 0), false);
    assert.equal(jsonNestsDeeperThan('[]', 0), true);
  });

  test('brackets inside strings, escaped quotes included, do not count', () => {
    assert.equal(jsonNestsDeeperThan(JSON.stringify({ text: '[[[[{{{{' }), 1), false);
    assert.equal(jsonNestsDeeperThan(JSON.stringify({ text: 'say \\"[[[[\\" \\\\' }), 1), false);
    assert.equal(jsonNestsDeeperThan(`{"text":"\\\\","deep":[[]]}`, 2), true);
  });

  test('a million levels are measured without recursion', () => {
    assert.equal(jsonNestsDeeperThan('['.repeat(1_000_000) + ']'.repeat(1_000_000), 32), true);
  });
});

describe('valueDepth and jsonValueProblem', () => {
  test('measure a parsed value without recursion', () => {
    assert.equal(valueDepth('text', 32), 0);
    assert.equal(valueDepth({ a: [1, { b: null }] }, 32), 3);
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000));
    assert.equal(valueDepth(deep, 32), 33);
    assert.equal(jsonValueProblem('metadata', deep), 'metadata nests over 32 levels');
  });

  test('size is counted in UTF-8 bytes of the JSON', () => {
    assert.equal(jsonValueProblem('metadata', 'x'.repeat(MAX_METADATA_BYTES - 2)), undefined);
    assert.equal(jsonValueProblem('metadata', 'x'.repeat(MAX_METADATA_BYTES - 1)), `metadata is over ${MAX_METADATA_BYTES} bytes`);
    assert.equal(jsonValueProblem('metadata', 'あ'.repeat(22_000)), `metadata is over ${MAX_METADATA_BYTES} bytes`);
    assert.equal(jsonValueProblem('metadata', undefined), undefined);
    assert.equal(jsonValueProblem('metadata', null), undefined);
  });
});

describe('connectionLimitsFrom', () => {
  test('defaults, overridden by positive integers only', () => {
    const log: string[] = [];
    assert.deepEqual(
      connectionLimitsFrom({}, (line) => log.push(line)),
      DEFAULT_CONNECTION_LIMITS,
    );
    const limits = connectionLimitsFrom(
      {
        IFLS_EMULATOR_MAX_CHANNEL_CONNECTIONS: '3',
        IFLS_EMULATOR_MAX_TENANT_CONNECTIONS: 'many',
        IFLS_EMULATOR_NEGOTIATION_TIMEOUT_MS: '0',
      },
      (line) => log.push(line),
    );
    assert.deepEqual(limits, { ...DEFAULT_CONNECTION_LIMITS, maxChannelConnections: 3 });
    assert.equal(log.length, 2);
  });
});

describe('ConnectionSeats', () => {
  const channel = (channel_id: string, tenant: string) => ({ channel_id, tenant }) as ChannelRecord;

  test('caps each channel and each tenant, and gives places back', () => {
    const seats = new ConnectionSeats<string>({ maxChannelConnections: 2, maxTenantConnections: 3 });
    assert.equal(seats.take('a', channel('A', 't')), undefined);
    assert.equal(seats.take('a', channel('A', 't')), undefined, 'taking twice is harmless');
    assert.equal(seats.take('b', channel('A', 't')), undefined);
    assert.equal(seats.take('c', channel('A', 't'))?.code, CloseCode.tooManyChannelConnections);
    assert.equal(seats.take('d', channel('B', 't')), undefined);
    assert.equal(seats.take('e', channel('B', 't'))?.code, CloseCode.tooManyTenantConnections);
    assert.equal(seats.take('f', channel('C', 'other')), undefined);
    seats.release('a');
    seats.release('a');
    seats.release('nobody');
    assert.equal(seats.channelCount('A'), 1);
    assert.equal(seats.tenantCount('t'), 2);
    assert.equal(seats.take('e', channel('B', 't')), undefined);
  });
});
