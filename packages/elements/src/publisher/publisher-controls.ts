import { html, nothing, type TemplateResult } from 'lit';
import type { NetworkStats } from './network-stats.js';
import { formatElapsed, formatNetworkSummary, formatStatus, type StatusFacts } from './publisher-format.js';
import type { PublisherStrings } from './publisher-strings.js';
import { hasTrack } from './stream-tracks.js';

/**
 * The element as its status row and control bar see it: public members only, so that the
 * templates show what a page could read and do what a page could call.
 */
export interface PublisherView extends StatusFacts {
  readonly stream: MediaStream | null;
  readonly localStream: MediaStream | null;
  readonly screenSharing: boolean;
  readonly cameras: MediaDeviceInfo[];
  readonly microphones: MediaDeviceInfo[];
  readonly networkStats: NetworkStats | null;
  readonly elapsedSeconds: number;
  videoMuted: boolean;
  audioMuted: boolean;
  cameraId: string;
  microphoneId: string;
  preview(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  startScreenShare(): Promise<void>;
  stopScreenShare(): Promise<void>;
}

type Kind = 'audio' | 'video';

/** The badges over the video: the state (a live region), the time on air, the network. */
export function statusRow(view: PublisherView, text: PublisherStrings): TemplateResult {
  return html`
    <div part="status">
      <span part="state" role="status">${formatStatus(text, view)}</span>
      ${view.state === 'live' ? html`<span part="elapsed">${formatElapsed(view.elapsedSeconds)}</span>` : nothing}
      ${networkBadge(view, text)}
    </div>
  `;
}

/** The control bar: preview, go live and end, then the camera, microphone, screen and device controls once media is open. */
export function controlBar(view: PublisherView, text: PublisherStrings): TemplateResult {
  const state = view.state;
  const onAir = state === 'connecting' || state === 'live' || state === 'reconnecting';
  return html`
    <div part="controls">
      ${
        onAir || state === 'previewing'
          ? html`${state === 'previewing' ? startButton(view, text) : nothing}
            <button part="stop-button" @click=${() => view.stop()}>${state === 'previewing' ? text.stopPreview : text.stop}</button>`
          : html`<button part="preview-button" @click=${() => view.preview()}>${text.preview}</button>${startButton(view, text)}`
      }
      ${view.localStream !== null ? mediaControls(view, text) : nothing}
      <slot></slot>
    </div>
  `;
}

function startButton(view: PublisherView, text: PublisherStrings): TemplateResult {
  return html`<button part="start-button" @click=${() => view.start()}>${text.start}</button>`;
}

function mediaControls(view: PublisherView, text: PublisherStrings): TemplateResult {
  const canShareScreen = typeof navigator.mediaDevices?.getDisplayMedia === 'function';
  const sharing = view.screenSharing;
  // The page's own tracks are not the user's to pick.
  const cameraInUse = !sharing && !hasTrack(view.stream, 'video');
  const microphoneInUse = !hasTrack(view.stream, 'audio');
  return html`
    <button part="camera-button" aria-pressed=${view.videoMuted ? 'false' : 'true'} @click=${() => (view.videoMuted = !view.videoMuted)}>
      ${text.camera}
    </button>
    <button part="microphone-button" aria-pressed=${view.audioMuted ? 'false' : 'true'} @click=${() => (view.audioMuted = !view.audioMuted)}>
      ${text.microphone}
    </button>
    ${
      canShareScreen
        ? html`<button
          part="screen-button"
          aria-pressed=${sharing ? 'true' : 'false'}
          @click=${() => (sharing ? view.stopScreenShare() : view.startScreenShare())}
        >
          ${text.shareScreen}
        </button>`
        : nothing
    }
    ${cameraInUse ? devicePicker(view, 'camera-select', text.camera, view.cameras, 'video') : nothing}
    ${microphoneInUse ? devicePicker(view, 'microphone-select', text.microphone, view.microphones, 'audio') : nothing}
  `;
}

/** A picker of `devices`, shown only when there is a choice; the device in use is selected. */
function devicePicker(
  view: PublisherView,
  part: string,
  label: string,
  devices: MediaDeviceInfo[],
  kind: Kind,
): TemplateResult | typeof nothing {
  if (devices.length < 2) return nothing;
  const current =
    view.localStream
      ?.getTracks()
      .find((track) => track.kind === kind)
      ?.getSettings().deviceId ?? '';
  const pick = (event: Event) => {
    const deviceId = (event.target as HTMLSelectElement).value;
    if (kind === 'video') view.cameraId = deviceId;
    else view.microphoneId = deviceId;
  };
  return html`
    <select part=${part} aria-label=${label} @change=${pick}>
      ${devices.map(
        (device, index) =>
          html`<option value=${device.deviceId} .selected=${device.deviceId === current}>${device.label || `${label} ${index + 1}`}</option>`,
      )}
    </select>
  `;
}

function networkBadge(view: PublisherView, text: PublisherStrings): TemplateResult | typeof nothing {
  const stats = view.networkStats;
  if (stats === null || view.state !== 'live') return nothing;
  return html`<span part="network" data-quality=${stats.quality} title=${text.network}>${formatNetworkSummary(text, stats)}</span>`;
}
