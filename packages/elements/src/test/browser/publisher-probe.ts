/**
 * `<ifls-publisher>` in the test page, and what a broadcaster would notice of it: the states and
 * errors its events reported, the pushes and network samples it heard, its status text and
 * controls, the tracks its peer connection sends, and whether its preview moves.
 */
import '../../define/ifls-publisher.js';
import type { IflsPublisher } from '../../publisher/publisher.js';
import type { Channel } from './fixtures.js';
import { waitUntil } from './engine.js';

export interface RecordedError {
  code: string;
  message: string;
  recoverable: boolean;
  /** `cause.reason`: what the server said. */
  reason?: string;
  /** `cause.codec`: the codec a `codec-unsupported` names. */
  codec?: string;
}

export interface TrackView {
  label: string;
  deviceId: string;
  enabled: boolean;
  readyState: string;
}

export class PublisherProbe {
  readonly states: string[] = [];
  /** `videoCodec` of each state change, in the same order as `states`. */
  readonly videoCodecs: (string | undefined)[] = [];
  readonly errors: RecordedError[] = [];
  readonly pushes: unknown[] = [];
  readonly bitrates: number[] = [];

  constructor(readonly publisher: IflsPublisher) {
    publisher.addEventListener('ifls-state-change', (event) => {
      this.states.push(event.state);
      this.videoCodecs.push(event.videoCodec);
    });
    publisher.addEventListener('ifls-error', (event) => {
      const cause = event.cause as { reason?: string; codec?: string } | undefined;
      this.errors.push({
        code: event.code,
        message: event.message,
        recoverable: event.recoverable,
        ...(cause?.reason === undefined ? {} : { reason: cause.reason }),
        ...(cause?.codec === undefined ? {} : { codec: cause.codec }),
      });
    });
    publisher.addEventListener('ifls-push', (event) => this.pushes.push(event.data));
    publisher.addEventListener('ifls-network-stats', (event) => this.bitrates.push(event.stats.bitrateKbps));
  }

  /** A new `<ifls-publisher>` with these attributes, publishing to `channel` when given, appended to `parent`. */
  static mount(options: { channel?: Channel; attributes?: Record<string, string>; parent?: HTMLElement } = {}): PublisherProbe {
    const publisher = document.createElement('ifls-publisher');
    for (const [name, value] of Object.entries(options.attributes ?? {})) publisher.setAttribute(name, value);
    if (options.channel) publisher.channel = options.channel;
    const probe = new PublisherProbe(publisher);
    (options.parent ?? document.body).append(publisher);
    return probe;
  }

  get state(): string | null {
    return this.publisher.getAttribute('state');
  }

  /** The text of the status (`role="status"`), trimmed. */
  get status(): string {
    return this.publisher.shadowRoot?.querySelector('[role="status"]')?.textContent?.trim() ?? '';
  }

  /** The button whose text is `name`; throws when there is none. */
  button(name: string): HTMLButtonElement {
    const found = [...(this.publisher.shadowRoot?.querySelectorAll('button') ?? [])].find((button) => button.textContent.trim() === name);
    if (!found) throw new Error(`no button "${name}" (state ${this.state})`);
    return found;
  }

  /** The device picker labelled `label` (Camera, Microphone), or null. */
  picker(label: string): HTMLSelectElement | null {
    return this.publisher.shadowRoot?.querySelector<HTMLSelectElement>(`select[aria-label="${label}"]`) ?? null;
  }

  /** Picks the option whose text is `label`, as a user choosing it does (`change` fires). */
  choose(label: string, optionLabel: string): void {
    const select = this.picker(label);
    if (!select) throw new Error(`no picker "${label}"`);
    const option = [...select.options].find((candidate) => candidate.textContent.trim() === optionLabel);
    if (!option)
      throw new Error(`picker "${label}" has no "${optionLabel}" (has ${[...select.options].map((o) => o.textContent.trim()).join(', ')})`);
    select.value = option.value;
    select.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }

  waitForState(state: string, timeoutMs = 60_000): Promise<void> {
    return waitUntil(
      () => this.state === state,
      `state ${state}, is ${this.state} (states: ${this.states.join(' → ')}; errors: ${this.errors.map((e) => `${e.code}: ${e.message}`).join('; ')})`,
      timeoutMs,
    );
  }

  /** The tracks the element's peer connection is sending now, and its connection id. */
  sentTracks(): { connectionId: string | null; video: TrackView; audio: TrackView } {
    const transceivers = this.publisher.connection!.pc!.getTransceivers();
    const view = (kind: string): TrackView => {
      // Mid-switch, sora-js-sdk leaves the sender without a track for a moment.
      const track = transceivers.find((transceiver) => transceiver.receiver.track.kind === kind)?.sender.track;
      if (!track) return { label: '', deviceId: '', enabled: false, readyState: 'none' };
      return { label: track.label, deviceId: track.getSettings().deviceId ?? '', enabled: track.enabled, readyState: track.readyState };
    };
    return { connectionId: this.publisher.connectionId, video: view('video'), audio: view('audio') };
  }

  /** Resolves true when the preview is shown and presents two new frames (what a viewer of the page sees move). */
  async previewIsMoving(): Promise<boolean> {
    const video = this.publisher.shadowRoot!.querySelector('video')!;
    const frame = () =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no video frame within 10 s')), 10_000);
        video.requestVideoFrameCallback((_now, metadata) => {
          clearTimeout(timer);
          resolve(metadata.presentedFrames);
        });
      });
    const first = await frame();
    const second = await frame();
    return !video.hidden && second > first;
  }

  /** Stops and removes the element. */
  async remove(): Promise<void> {
    await this.publisher.stop();
    this.publisher.remove();
  }
}
