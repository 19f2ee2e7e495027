import type { PublisherErrorCode, PublisherState } from './publisher-types.js';

/** Every text `<ifls-publisher>` shows or gives to assistive technology. Override any of them with the `strings` property. */
export interface PublisherStrings {
  preview: string;
  start: string;
  stop: string;
  stopPreview: string;
  camera: string;
  microphone: string;
  shareScreen: string;
  video: string;
  network: string;
  /** `{bitrate}`, `{loss}` and `{rtt}` are replaced by the figures. */
  networkSummary: string;
  /** `{n}` and `{max}` are replaced by the attempt and the limit. */
  reconnecting: string;
  states: Record<Exclude<PublisherState, 'reconnecting' | 'error'>, string>;
  /** `{codec}` in `codec-unsupported` and `invalid-video-codec` is replaced by the codec's name. */
  errors: Record<PublisherErrorCode, string>;
}

const en: PublisherStrings = {
  preview: 'Preview',
  start: 'Go live',
  stop: 'End broadcast',
  stopPreview: 'Stop preview',
  camera: 'Camera',
  microphone: 'Microphone',
  shareScreen: 'Share screen',
  video: 'Camera preview',
  network: 'Network',
  networkSummary: '{bitrate} · loss {loss} · RTT {rtt}',
  reconnecting: 'Reconnecting ({n}/{max})…',
  states: { idle: 'Off air', previewing: 'Preview: not live', connecting: 'Connecting…', live: 'Live', ended: 'Broadcast ended' },
  errors: {
    'permission-denied': 'Camera or microphone access was denied. Allow it in the browser and try again.',
    'no-device': 'No camera or microphone was found.',
    'device-in-use': 'The camera or microphone could not be started. Another application may be using it.',
    'insecure-context': 'Broadcasting and the camera work only on a secure (https) page.',
    overconstrained: 'The selected camera cannot provide the requested picture.',
    'signaling-rejected': 'The server refused the broadcast.',
    'connection-failed': 'Could not connect to the server.',
    'no-channel': 'No channel is set for this broadcast.',
    unsupported: 'This browser cannot broadcast (no WebRTC or camera access). Use a recent Chrome, Edge, Firefox or Safari.',
    'codec-unsupported': 'This browser and the server have no codec in common ({codec}).',
    'media-not-flowing': 'Connected, but the video or sound is not being sent.',
    'invalid-video-codec': 'Unknown video codec "{codec}": use H264, VP8, VP9 or AV1.',
    'invalid-metadata': 'The connection metadata cannot be sent: not JSON, or too large.',
  },
};

const ja: PublisherStrings = {
  preview: 'プレビュー',
  start: '配信開始',
  stop: '配信終了',
  stopPreview: 'プレビュー終了',
  camera: 'カメラ',
  microphone: 'マイク',
  shareScreen: '画面共有',
  video: 'カメラのプレビュー',
  network: '通信状態',
  networkSummary: '{bitrate}・損失 {loss}・遅延 {rtt}',
  reconnecting: '再接続中 ({n}/{max})…',
  states: { idle: '停止中', previewing: 'プレビュー中（未配信）', connecting: '接続中…', live: 'ライブ', ended: '配信は終了しました' },
  errors: {
    'permission-denied': 'カメラまたはマイクの使用が許可されていません。ブラウザーで許可してから再度お試しください。',
    'no-device': 'カメラまたはマイクが見つかりません。',
    'device-in-use': 'カメラまたはマイクを開始できません。他のアプリが使用中の可能性があります。',
    'insecure-context': '配信とカメラは安全な (https) ページでのみ使用できます。',
    overconstrained: '選択したカメラは要求された映像に対応していません。',
    'signaling-rejected': 'サーバーが配信を拒否しました。',
    'connection-failed': 'サーバーに接続できませんでした。',
    'no-channel': '配信するチャンネルが設定されていません。',
    unsupported: 'このブラウザーは配信できません (WebRTC またはカメラに非対応)。最新の Chrome、Edge、Firefox、Safari をご利用ください。',
    'codec-unsupported': 'このブラウザーとサーバーに共通のコーデックがありません ({codec})。',
    'media-not-flowing': '接続しましたが、映像または音声が送信されていません。',
    'invalid-video-codec': '不明な映像コーデック "{codec}" です。H264、VP8、VP9、AV1 を指定してください。',
    'invalid-metadata': '接続メタデータを送信できません (JSON でないか、大きすぎます)。',
  },
};

/** Japanese for `ja` and its subtags, English otherwise. */
export function stringsFor(lang: string): PublisherStrings {
  return /^ja\b/i.test(lang) ? ja : en;
}
