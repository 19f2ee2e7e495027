import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureUplink, qualityOf, readUplinkCounters } from './network-stats.js';

/** What Chromium's getStats() gives a sendonly connection, reduced to the fields read. */
function report(stats: Record<string, unknown>[]): RTCStatsReport {
  return new Map(stats.map((stat) => [stat.id as string, stat]));
}

const first = report([
  { id: 'OT01A', type: 'outbound-rtp', kind: 'audio', timestamp: 10_000, bytesSent: 10_000, packetsSent: 100 },
  { id: 'OT01V', type: 'outbound-rtp', kind: 'video', timestamp: 10_000, bytesSent: 90_000, packetsSent: 100 },
  { id: 'RI01V', type: 'remote-inbound-rtp', kind: 'video', packetsLost: 2, roundTripTime: 0.04 },
  { id: 'CP01', type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.03 },
]);
const second = report([
  { id: 'OT01A', type: 'outbound-rtp', kind: 'audio', timestamp: 12_000, bytesSent: 30_000, packetsSent: 200 },
  { id: 'OT01V', type: 'outbound-rtp', kind: 'video', timestamp: 12_000, bytesSent: 590_000, packetsSent: 300 },
  { id: 'RI01V', type: 'remote-inbound-rtp', kind: 'video', packetsLost: 8, roundTripTime: 0.05 },
  { id: 'CP01', type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.03 },
]);

test('bitrate, loss and RTT from two samples', () => {
  const stats = measureUplink(readUplinkCounters(first), readUplinkCounters(second), null);
  // (520 000 bytes * 8) over 2 s; 6 lost of 300 sent; the media's own RTT.
  assert.deepEqual(stats, { bitrateKbps: 2080, packetLoss: 0.02, roundTripTimeMs: 50, unstableLevel: null, quality: 'fair' });
});

test('before any receiver report: no loss figure, the ICE round trip', () => {
  const noReports = (timestamp: number, bytesSent: number) =>
    report([
      { id: 'OT01V', type: 'outbound-rtp', timestamp, bytesSent, packetsSent: bytesSent / 1000 },
      { id: 'CP01', type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.003 },
    ]);
  const stats = measureUplink(readUplinkCounters(noReports(1000, 1000)), readUplinkCounters(noReports(2000, 126_000)), 0);
  assert.deepEqual(stats, { bitrateKbps: 1000, packetLoss: null, roundTripTimeMs: 3, unstableLevel: 0, quality: 'good' });
});

test('quality: the worst of loss, RTT and Sora unstable_level', () => {
  assert.equal(qualityOf(0, 20, 0), 'good');
  assert.equal(qualityOf(0.02, 20, 0), 'fair');
  assert.equal(qualityOf(0, 250, null), 'fair');
  assert.equal(qualityOf(0, 20, 2), 'poor');
  assert.equal(qualityOf(0.1, null, null), 'poor');
});
