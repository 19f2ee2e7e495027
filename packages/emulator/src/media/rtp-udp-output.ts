/**
 * Hands the broadcaster's RTP to ffmpeg over loopback UDP: an even port per medium for RTP and
 * the next one for RTCP (sender reports, for lip sync), described by an SDP file ffmpeg reads.
 * The ports stay for the whole broadcast; each ffmpeg run's SDP names the codecs it reads.
 *
 * It is also ffmpeg's lifeline. ffmpeg runs with an input timeout (ffmpeg-arguments.ts) and
 * this output sends an empty RTCP receiver report to every RTCP port four times a second, which ffmpeg
 * counts as input and otherwise ignores. While the emulator lives, a broadcaster that goes quiet
 * never times ffmpeg out; once the emulator is gone, however it died (SIGKILL included: Node
 * has no parent-death signal, and ffmpeg ignores the end of its stdin), nothing arrives and
 * ffmpeg ends on its own within the timeout.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { MediaKind, NegotiatedCodec } from './publisher-peer.js';

interface PortPair {
  rtp: number;
  rtcp: number;
}

/** How often ffmpeg hears from a live emulator: four times within its input timeout (hls-transcoder.ts). */
export const KEEPALIVE_INTERVAL_MS = 250;

/**
 * RTCP receiver report with no report blocks (RFC 3550 6.4.2): version 2, count 0, PT 201,
 * length 1 (two 32-bit words), from an SSRC no stream uses. ffmpeg's RTP demuxer skips it.
 */
const KEEPALIVE_REPORT = Buffer.from([0x80, 201, 0x00, 0x01, 0x69, 0x66, 0x6c, 0x73]);

export class RtpUdpOutput {
  private readonly socket: Socket;
  private readonly ports: Map<MediaKind, PortPair>;
  private readonly keepalive: NodeJS.Timeout;
  private closed = false;

  private constructor(socket: Socket, ports: Map<MediaKind, PortPair>) {
    this.socket = socket;
    this.ports = ports;
    this.keepalive = setInterval(() => {
      for (const pair of this.ports.values()) this.send(KEEPALIVE_REPORT, pair.rtcp);
    }, KEEPALIVE_INTERVAL_MS);
    // never what keeps the emulator running
    this.keepalive.unref();
  }

  /** Finds free RTP/RTCP port pairs for `kinds` and opens the socket that sends to them. */
  static async open(kinds: MediaKind[]): Promise<RtpUdpOutput> {
    const ports = new Map<MediaKind, PortPair>();
    for (const kind of kinds) ports.set(kind, await findFreePortPair([...ports.values()]));
    const socket = createSocket('udp4');
    // Nothing listens until ffmpeg has started: losses then are expected, errors are not fatal.
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new RtpUdpOutput(socket, ports);
  }

  /** The SDP ffmpeg reads: one m-line per codec given, with the payload type the browser sends. */
  sdp(codecs: NegotiatedCodec[]): string {
    const lines = ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=ifls-emulator', 'c=IN IP4 127.0.0.1', 't=0 0'];
    for (const codec of codecs) {
      const ports = this.ports.get(codec.kind);
      if (!ports) continue;
      const encoding = codec.channels ? `${codec.name}/${codec.clockRate}/${codec.channels}` : `${codec.name}/${codec.clockRate}`;
      lines.push(`m=${codec.kind} ${ports.rtp} RTP/AVP ${codec.payloadType}`);
      lines.push(`a=rtpmap:${codec.payloadType} ${encoding}`);
      if (codec.parameters) lines.push(`a=fmtp:${codec.payloadType} ${codec.parameters}`);
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  /** Sends an RTP packet to ffmpeg's port for `kind`. */
  sendRtp(kind: MediaKind, packet: Buffer): void {
    const ports = this.ports.get(kind);
    if (ports) this.send(packet, ports.rtp);
  }

  /** Sends an RTCP packet to ffmpeg's RTCP port for `kind`. */
  sendRtcp(kind: MediaKind, packet: Buffer): void {
    const ports = this.ports.get(kind);
    if (ports) this.send(packet, ports.rtcp);
  }

  /** Stops the keepalive and closes the socket. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepalive);
    this.socket.close();
  }

  private send(packet: Buffer, port: number): void {
    if (!this.closed) this.socket.send(packet, port, '127.0.0.1');
  }
}

/** An even port whose successor is free too (ffmpeg binds both), not among `taken`. */
async function findFreePortPair(taken: PortPair[]): Promise<PortPair> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const rtp = 20_000 + 2 * Math.floor(Math.random() * 20_000);
    if (taken.some((pair) => pair.rtp === rtp)) continue;
    if ((await canBind(rtp)) && (await canBind(rtp + 1))) return { rtp, rtcp: rtp + 1 };
  }
  throw new Error('no free UDP port pair for ffmpeg');
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createSocket('udp4');
    probe.once('error', () => {
      probe.close();
      resolve(false);
    });
    probe.bind(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
