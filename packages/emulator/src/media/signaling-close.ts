/**
 * How the emulator closes a signaling WebSocket, and why.
 *
 * Refusals happen BEFORE the offer, so sora-js-sdk rejects `connect()` with a `ConnectError`
 * whose `code` and `reason` are the ones below (`message`:
 * `Signaling failed. CloseEventCode:<code> CloseEventReason:'<reason>'`).
 * Closes after the offer reach the SDK's `disconnect` event: 1000 is a normal end
 * (`type: "normal"`, `title: "SHUTDOWN"`), anything else an abnormal one.
 *
 * | code | reason                                   | when                                                        |
 * |------|------------------------------------------|-------------------------------------------------------------|
 * | 1000 | `TYPE-DISCONNECT`                        | the client sent `{"type":"disconnect"}`                     |
 * | 1000 | `DISCONNECTED-API`                       | the channel was deleted (DeleteChannel)                     |
 * | 1001 | `SHUTDOWN`                               | the emulator is closing: "going away", so clients treat it as a restart and reconnect, not as the end of the broadcast |
 * | 4001 | `INVALID-MESSAGE: <detail>`              | a binary frame, or text that is not a JSON object           |
 * | 4002 | `INVALID-CONNECT-MESSAGE: <detail>`      | `connect` with a missing or wrong field (role, channel_id…) |
 * | 4003 | `UNEXPECTED-MESSAGE: <type>`             | the first message is not `connect`, or a second `connect`   |
 * | 4004 | `CHANNEL-NOT-FOUND`                      | `channel_id` is not a channel of this emulator              |
 * | 4005 | `BROADCASTER-ALREADY-CONNECTED`          | a second `sendonly` on a channel that has one               |
 * | 4006 | `UNSUPPORTED-ROLE: <role>`               | `sendrecv`: an ImageFlux channel has one broadcaster        |
 * | 4007 | `UNSUPPORTED-VIDEO-CODEC: <codec>`       | a broadcaster asks for AV1/H265 (ffmpeg 5.1 cannot depacketize them) |
 * | 4008 | `CONNECT-TIMEOUT`                        | no `connect` within 10 s of opening the socket              |
 * | 4009 | `NEGOTIATION-TIMEOUT: <stage>`           | no `answer`, or no connected peer connection, 15 s after `connect` (or no `re-answer` 15 s after a `re-offer`) |
 * | 4010 | `AUTH-WEBHOOK-REJECTED: <reason>`        | the auth webhook answered `{"allowed": false, "reason"}`    |
 * | 4011 | `AUTH-WEBHOOK-FAILED: <detail>`          | the auth webhook timed out (5 s), answered non-2xx or bad JSON, or a payout over the limits of 4032 |
 * | 4020 | `PONG-TIMEOUT`                           | no `pong` for 15 s after a `ping`                           |
 * | 4021 | `PEER-CONNECTION-FAILED`                 | ICE/DTLS failed or the peer connection closed               |
 * | 4030 | `MESSAGE-TOO-LARGE: <detail>`            | a message over 256 KiB (over 1 MiB ws itself closes with 1009) |
 * | 4031 | `MESSAGE-TOO-DEEP: <detail>`             | a message nesting objects/arrays over 32 levels (the message is level 1) |
 * | 4032 | `FIELD-TOO-LARGE: <field> …`             | `connect` with `metadata` or `signaling_notify_metadata` over 64 KiB, or `client_id`/`bundle_id` over 255 bytes |
 * | 4033 | `TOO-MANY-MESSAGES: <detail>`            | over 100 messages in one second                             |
 * | 4034 | `TOO-MANY-CONNECTIONS: <detail>`         | the channel already has 50 connections                      |
 * | 4035 | `TOO-MANY-CONNECTIONS: <detail>`         | the channels of the access token already have 200 connections |
 * | 4036 | `SEND-BUFFER-FULL: <detail>`             | over 16 MiB waits unread for the client                     |
 * | 4500 | `INTERNAL-ERROR`                         | the emulator failed to set up WebRTC, or failed on this connection (logged) |
 * | 1007 | (none, from ws)                          | a text frame that is not UTF-8                              |
 * | 1009 | (none, from ws)                          | a frame over 1 MiB (ws reads no further)                    |
 *
 * 4009 and 403x are EMULATOR limits (ImageFlux and Sora state none); the numbers are in
 * signaling-limits.ts, and 4009/4034/4035's can be changed by environment variables.
 *
 * Reasons are cut to 123 bytes (the WebSocket limit), never in the middle of a character.
 */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  invalidMessage: 4001,
  invalidConnectMessage: 4002,
  unexpectedMessage: 4003,
  channelNotFound: 4004,
  broadcasterAlreadyConnected: 4005,
  unsupportedRole: 4006,
  unsupportedVideoCodec: 4007,
  connectTimeout: 4008,
  negotiationTimeout: 4009,
  authWebhookRejected: 4010,
  authWebhookFailed: 4011,
  pongTimeout: 4020,
  peerConnectionFailed: 4021,
  messageTooLarge: 4030,
  messageTooDeep: 4031,
  fieldTooLarge: 4032,
  tooManyMessages: 4033,
  tooManyChannelConnections: 4034,
  tooManyTenantConnections: 4035,
  sendBufferFull: 4036,
  internalError: 4500,
} as const;

/** A close the signaling connection performs: its code and the reason sent to the client. */
export interface SignalingClose {
  code: number;
  reason: string;
}

export function signalingClose(code: number, reason: string): SignalingClose {
  return { code, reason: truncateUtf8(reason, 123) };
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let result = '';
  let bytes = 0;
  for (const character of text) {
    const size = Buffer.byteLength(character);
    if (bytes + size > maxBytes) break;
    result += character;
    bytes += size;
  }
  return result;
}
