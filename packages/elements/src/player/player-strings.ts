/**
 * Every text `<ifls-player>` shows or gives to assistive technology. Override any of them with the
 * `strings` property; the rest stay in the element's language.
 */
export interface PlayerStrings {
  /** The message while the broadcast has not started. */
  waiting: string;
  /** The message once the broadcast is over. */
  ended: string;
  /** The message while the network is down. */
  reconnecting: string;
  /** The spinner's name. */
  loading: string;
  /** The message when the stream cannot be played. */
  error: string;
  /** The button under `error`. */
  retry: string;
  play: string;
  pause: string;
  mute: string;
  unmute: string;
  volume: string;
  /** The live badge at the live edge. */
  live: string;
  /** The live badge behind the live edge. */
  goLive: string;
  /** The name of the latency readout. */
  latency: string;
  /** The name of the quality menu. */
  quality: string;
  /** The quality menu's automatic choice. */
  auto: string;
  fullscreen: string;
  exitFullscreen: string;
  pictureInPicture: string;
  exitPictureInPicture: string;
  /** The name of the control bar. */
  controls: string;
}

const en: PlayerStrings = {
  waiting: 'The broadcast has not started yet. It will play here as soon as it begins.',
  ended: 'The broadcast has ended.',
  reconnecting: 'Connection lost. Reconnecting…',
  loading: 'Loading…',
  error: 'This broadcast cannot be played.',
  retry: 'Try again',
  play: 'Play',
  pause: 'Pause',
  mute: 'Mute',
  unmute: 'Unmute',
  volume: 'Volume',
  live: 'Live',
  goLive: 'Go live',
  latency: 'Latency',
  quality: 'Quality',
  auto: 'Auto',
  fullscreen: 'Full screen',
  exitFullscreen: 'Exit full screen',
  pictureInPicture: 'Picture in picture',
  exitPictureInPicture: 'Exit picture in picture',
  controls: 'Player controls',
};

const ja: PlayerStrings = {
  waiting: '配信はまだ始まっていません。始まるとここで自動的に再生されます。',
  ended: '配信は終了しました。',
  reconnecting: '接続が切れました。再接続しています…',
  loading: '読み込み中…',
  error: 'この配信を再生できません。',
  retry: 'もう一度試す',
  play: '再生',
  pause: '一時停止',
  mute: 'ミュート',
  unmute: 'ミュート解除',
  volume: '音量',
  live: 'ライブ',
  goLive: 'ライブに戻る',
  latency: '遅延',
  quality: '画質',
  auto: '自動',
  fullscreen: '全画面',
  exitFullscreen: '全画面を終了',
  pictureInPicture: 'ピクチャー・イン・ピクチャー',
  exitPictureInPicture: 'ピクチャー・イン・ピクチャーを終了',
  controls: 'プレーヤーの操作',
};

/** The player's words in Japanese for `ja*` languages, in English otherwise. */
export function playerStrings(lang: string): PlayerStrings {
  return lang.toLowerCase().startsWith('ja') ? ja : en;
}
