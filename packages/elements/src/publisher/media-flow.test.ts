import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSentMedia, rejectedKind, sectionPort, silentKinds, type MediaSection } from './media-flow.js';

function report(stats: Record<string, unknown>[]): RTCStatsReport {
  return new Map(stats.map((stat) => [stat.id as string, stat]));
}

test('sums bytes sent per kind and names the video codec from its codec stat', () => {
  const sent = readSentMedia(
    report([
      { id: 'OT01A', type: 'outbound-rtp', kind: 'audio', bytesSent: 1200, codecId: 'CITA111' },
      { id: 'OT01V', type: 'outbound-rtp', kind: 'video', bytesSent: 50_000, codecId: 'CITV96' },
      { id: 'OT02V', type: 'outbound-rtp', mediaType: 'video', bytesSent: 1000 },
      { id: 'CITA111', type: 'codec', mimeType: 'audio/opus' },
      { id: 'CITV96', type: 'codec', mimeType: 'video/VP8' },
      { id: 'RI01V', type: 'remote-inbound-rtp', kind: 'video', packetsLost: 0 },
    ]),
  );
  assert.deepEqual(sent, { bytesSent: { audio: 1200, video: 51_000 }, videoMimeType: 'video/VP8' });
});

test('a connection with no outbound-rtp yet has sent nothing', () => {
  assert.deepEqual(readSentMedia(report([{ id: 'CP', type: 'candidate-pair' }])), {
    bytesSent: { audio: 0, video: 0 },
    videoMimeType: null,
  });
});

test('a kind is silent until its bytes sent grow', () => {
  const at = (audio: number, video: number) => ({ bytesSent: { audio, video }, videoMimeType: null });
  assert.deepEqual(silentKinds(['audio', 'video'], at(0, 0), at(0, 0)), ['audio', 'video']);
  assert.deepEqual(silentKinds(['audio', 'video'], at(100, 500), at(300, 500)), ['video'], 'video sent once, then stopped');
  assert.deepEqual(silentKinds(['audio', 'video'], at(100, 500), at(300, 900)), []);
  assert.deepEqual(silentKinds(['video'], at(100, 0), at(100, 10)), [], 'only the kinds the stream has count');
});

/** Firefox ESR's answer to an H.264-only offer: the video section is rejected. */
const firefoxAnswer = [
  'v=0',
  'o=mozilla...THIS_IS_SDPARTA-153.0 1 0 IN IP4 0.0.0.0',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 109',
  'c=IN IP4 0.0.0.0',
  'a=sendonly',
  'a=mid:0',
  'a=rtpmap:109 opus/48000/2',
  'm=video 0 UDP/TLS/RTP/SAVPF 120',
  'c=IN IP4 0.0.0.0',
  'a=inactive',
  'a=mid:1',
  '',
].join('\r\n');

test('reads the port of a section by its mid', () => {
  assert.equal(sectionPort(firefoxAnswer, '0'), 9);
  assert.equal(sectionPort(firefoxAnswer, '1'), 0);
  assert.equal(sectionPort(firefoxAnswer, '2'), null);
  assert.equal(sectionPort(firefoxAnswer, null), null);
  assert.equal(sectionPort(undefined, '0'), null);
  assert.equal(sectionPort(firefoxAnswer.replaceAll('a=mid:1', 'a=mid:10'), '1'), null, 'a mid is matched whole');
});

const section = (overrides: Partial<MediaSection>): MediaSection => ({
  kind: 'video',
  mid: '1',
  currentDirection: 'sendonly',
  localPort: 9,
  remotePort: 9,
  ...overrides,
});
const audio = section({ kind: 'audio', mid: '0' });

test('a negotiated sending section of every kind is not rejected', () => {
  assert.equal(rejectedKind(['audio', 'video'], [audio, section({})]), undefined);
  assert.equal(rejectedKind(['audio', 'video'], [audio, section({ currentDirection: 'sendrecv' })]), undefined);
  assert.equal(
    rejectedKind(['audio', 'video'], [audio, section({ currentDirection: undefined })]),
    undefined,
    'no currentDirection: the ports decide',
  );
});

test('port 0 in either description, an inactive or stopped direction, or no section reject the kind', () => {
  const videoRejected = [
    section({ localPort: 0, currentDirection: 'inactive' }),
    section({ localPort: 0, currentDirection: undefined }),
    section({ remotePort: 0 }),
    section({ currentDirection: 'stopped' }),
    section({ currentDirection: 'inactive' }),
    section({ currentDirection: 'recvonly' }),
    section({ mid: null, currentDirection: null, localPort: null, remotePort: null }),
  ];
  for (const video of videoRejected) assert.equal(rejectedKind(['audio', 'video'], [audio, video]), 'video', JSON.stringify(video));
  assert.equal(rejectedKind(['audio', 'video'], [audio]), 'video');
  assert.equal(rejectedKind(['audio', 'video'], [section({})]), 'audio');
  assert.equal(rejectedKind(['video'], [section({})]), undefined, 'a stream without audio needs no audio section');
});
