import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatElapsed, formatNetworkSummary, formatStatus } from './publisher-format.js';
import { PublisherError } from './publisher-error.js';
import { stringsFor } from './publisher-strings.js';

const english = stringsFor('en');

test('time on air reads as a clock: minutes and seconds, hours once there are some', () => {
  assert.deepEqual([0, 5, 754, 3723].map(formatElapsed), ['0:00', '0:05', '12:34', '1:02:03']);
});

test('the network line shows kbps below 1000 and Mbps above, and a dash for what is not measured', () => {
  const stats = { bitrateKbps: 850, packetLoss: 0.0123, roundTripTimeMs: 42, unstableLevel: null, quality: 'good' as const };
  assert.equal(formatNetworkSummary(english, stats), '850 kbps · loss 1.2% · RTT 42 ms');
  assert.equal(
    formatNetworkSummary(english, { ...stats, bitrateKbps: 2500, packetLoss: null, roundTripTimeMs: null }),
    '2.5 Mbps · loss – · RTT –',
  );
});

test('the status names the state, the reconnect attempt, or the error with the codec and the server reason', () => {
  const facts = { state: 'live' as const, error: null, reconnectAttempt: 0, reconnectAttempts: 10 };
  assert.equal(formatStatus(english, facts), 'Live');
  assert.equal(formatStatus(english, { ...facts, state: 'reconnecting', reconnectAttempt: 3 }), 'Reconnecting (3/10)…');
  const refused = new PublisherError('codec-unsupported', 'refused', 'UNSUPPORTED-VIDEO-CODEC: AV1', { codec: 'AV1' });
  assert.equal(
    formatStatus(english, { ...facts, state: 'error', error: refused }),
    'This browser and the server have no codec in common (AV1). (UNSUPPORTED-VIDEO-CODEC: AV1)',
  );
});
