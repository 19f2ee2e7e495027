import { html, nothing, svg, type TemplateResult } from 'lit';
import { isBehindLive, type PlaybackEngine } from './playback-engine.js';
import type { PlayerStrings } from './player-strings.js';
import type { PlayerState, PlayerStats } from './player-types.js';

/**
 * What the status layer and the control bar show, and what their buttons do: the element fills it
 * in at each render, so the templates hold no state of their own.
 */
export interface PlayerControlsView {
  readonly state: PlayerState;
  readonly stats: PlayerStats | null;
  readonly muted: boolean;
  readonly volume: number;
  /** The engine, while one runs: its live edge to show and go back to, its renditions. */
  readonly engine: PlaybackEngine | null;
  readonly inPictureInPicture: boolean;
  readonly fullscreen: boolean;
  readonly onPlay: () => void;
  readonly onTogglePlay: () => void;
  readonly onToggleMute: () => void;
  readonly onVolumeInput: (event: Event) => void;
  readonly onGoLive: () => void;
  readonly onQualityChange: (event: Event) => void;
  readonly onTogglePictureInPicture: () => void;
  readonly onToggleFullscreen: () => void;
  readonly onRetry: () => void;
}

/** States with something to control; waiting, ended and error screens show no control bar. */
export const playableStates: readonly PlayerState[] = ['loading', 'playing', 'paused', 'reconnecting'];

/** The status layer's content: a message, the spinner, or the large play button. */
export function statusContent(view: PlayerControlsView, strings: PlayerStrings): TemplateResult | typeof nothing {
  switch (view.state) {
    case 'waiting':
      return html`<slot name="waiting"><p part="message" class="message">${strings.waiting}</p></slot>`;
    case 'ended':
      return html`<slot name="ended"><p part="message" class="message">${strings.ended}</p></slot>`;
    case 'error':
      return html`<slot name="error">
        <div part="message" class="message">
          ${strings.error}<button @click=${view.onRetry}>${strings.retry}</button>
        </div>
      </slot>`;
    case 'reconnecting':
      return html`<p part="message" class="message">${strings.reconnecting}</p>`;
    case 'loading':
      return html`<div part="spinner" class="spinner" role="img" aria-label=${strings.loading}></div>`;
    case 'paused':
      return html`<button part="play-button" class="large" aria-label=${strings.play} @click=${view.onPlay}>
        ${icons.play}
      </button>`;
    default:
      return nothing;
  }
}

/** The control bar: play, sound, live badge, latency, quality, picture in picture, full screen. */
export function controlBar(view: PlayerControlsView, strings: PlayerStrings): TemplateResult {
  const { state, stats, muted, engine } = view;
  const playing = state === 'playing' || state === 'loading' || state === 'reconnecting';
  const behind = stats !== null && isBehindLive(stats);
  return html`
    <div part="controls" role="group" aria-label=${strings.controls}>
      <button part="play-button" aria-label=${playing ? strings.pause : strings.play} @click=${view.onTogglePlay}>
        ${playing ? icons.pause : icons.play}
      </button>
      <button part="mute-button" aria-label=${muted ? strings.unmute : strings.mute} @click=${view.onToggleMute}>
        ${muted || view.volume === 0 ? icons.muted : icons.volume}
      </button>
      <input
        part="volume"
        type="range"
        min="0"
        max="1"
        step="0.05"
        aria-label=${strings.volume}
        .value=${String(muted ? 0 : view.volume)}
        @input=${view.onVolumeInput}
      />
      ${
        engine
          ? html`<button part="live-badge" class=${behind ? 'behind' : 'live'} @click=${view.onGoLive}>
            ${behind ? strings.goLive : strings.live}
          </button>`
          : nothing
      }
      ${
        stats?.latency != null
          ? html`<span part="latency"
            ><span class="visually-hidden">${strings.latency}</span> ${stats.latency.toFixed(1)} s${
              movedBack(stats) ? ` → ${stats.targetLatency!.toFixed(1)} s` : nothing
            }</span
          >`
          : nothing
      }
      <span class="spacer"></span>
      ${engine && engine.qualities.length > 1 ? qualityMenu(engine, view.onQualityChange, strings) : nothing}
      ${
        document.pictureInPictureEnabled
          ? html`<button
            part="pip-button"
            aria-label=${view.inPictureInPicture ? strings.exitPictureInPicture : strings.pictureInPicture}
            @click=${view.onTogglePictureInPicture}
          >
            ${icons.pictureInPicture}
          </button>`
          : nothing
      }
      ${
        document.fullscreenEnabled
          ? html`<button
            part="fullscreen-button"
            aria-label=${view.fullscreen ? strings.exitFullscreen : strings.fullscreen}
            @click=${view.onToggleFullscreen}
          >
            ${view.fullscreen ? icons.exitFullscreen : icons.fullscreen}
          </button>`
          : nothing
      }
    </div>
  `;
}

/** The renditions, highest first, after "auto". */
function qualityMenu(
  { qualities, quality }: PlaybackEngine,
  onQualityChange: (event: Event) => void,
  strings: PlayerStrings,
): TemplateResult {
  return html`<select part="quality" aria-label=${strings.quality} @change=${onQualityChange}>
    <option value="-1" ?selected=${quality === -1}>${strings.auto}</option>
    ${qualities
      .map((rendition, index) => ({ ...rendition, index }))
      .sort((a, b) => b.bitrate - a.bitrate)
      .map(
        ({ height, bitrate, index }) =>
          html`<option value=${index} ?selected=${quality === index}>
            ${height ? `${height}p` : `${Math.round(bitrate / 1000)} kbps`}
          </option>`,
      )}
  </select>`;
}

/**
 * The player holds more latency than asked for, because the network cannot carry less: the readout
 * shows the target it moves to (`2.4 s → 3.1 s`).
 */
function movedBack({ targetLatency, requestedLatency }: PlayerStats): boolean {
  return targetLatency !== null && requestedLatency !== null && targetLatency > requestedLatency + 0.05;
}

const icon = (path: string) => svg`<svg viewBox="0 0 24 24" aria-hidden="true"><path d=${path} /></svg>`;

/** The icons of the buttons (Material-style 24 × 24 paths). */
export const icons = {
  play: icon('M8 5v14l11-7z'),
  pause: icon('M6 5h4v14H6zm8 0h4v14h-4z'),
  volume: icon('M3 9v6h4l5 5V4L7 9zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4'),
  muted: icon('M3 9v6h4l5 5V4L7 9zm13.6 3 2.7-2.7-1.4-1.4-2.7 2.7-2.7-2.7-1.4 1.4 2.7 2.7-2.7 2.7 1.4 1.4 2.7-2.7 2.7 2.7 1.4-1.4z'),
  pictureInPicture: icon('M19 11h-8v6h8zm2-8H3a2 2 0 0 0-2 2v14c0 1.1.9 2 2 2h18a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2m0 16H3V5h18z'),
  fullscreen: icon('M5 5h5v2H7v3H5zm9 0h5v5h-2V7h-3zM5 14h2v3h3v2H5zm12 0h2v5h-5v-2h3z'),
  exitFullscreen: icon('M8 5h2v5H5V8h3zm6 0h2v3h3v2h-5zM5 14h5v5H8v-3H5zm9 0h5v2h-3v3h-2z'),
};
