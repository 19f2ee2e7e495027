/**
 * The create form: its choices, the request it makes (shown as it changes), and the submit.
 */
import type { CreateChannelBody, DemoChannel } from '../../shared/demo-api-types.js';
import { createChannel } from './demo-api.js';
import { required } from './dom.js';
import { onLanguageChange, t } from './i18n.js';
import {
  DEFAULT_SETTINGS,
  FRAME_RATES,
  SEGMENT_SECONDS,
  SIZE_PRESETS,
  START_OFFSETS,
  hlsEntryOf,
  sizeLabel,
  sizeValue,
} from './hls-settings.js';

export interface CreateChannelFormOptions {
  onCreated(channel: DemoChannel): void;
  onError(error: unknown): void;
}

export function setUpCreateChannelForm(form: HTMLFormElement, options: CreateChannelFormOptions): void {
  const size = required<HTMLSelectElement>('#size', form);
  const fps = required<HTMLSelectElement>('#fps', form);
  const videoKbps = required<HTMLInputElement>('#video-kbps', form);
  const segmentSeconds = required<HTMLSelectElement>('#segment-seconds', form);
  const startOffset = required<HTMLSelectElement>('#start-offset', form);
  const preview = required('#request-preview', form);
  const submit = required<HTMLButtonElement>('#create-button', form);

  const renderOptions = () => {
    fillSelect(
      size,
      SIZE_PRESETS.map((preset) => [sizeValue(preset), sizeLabel(preset)]),
      DEFAULT_SETTINGS.size,
    );
    fillSelect(
      fps,
      FRAME_RATES.map((rate) => [String(rate), `${rate} fps`]),
      String(DEFAULT_SETTINGS.fps),
    );
    fillSelect(
      segmentSeconds,
      SEGMENT_SECONDS.map((n) => [String(n), t('create.seconds', { n })]),
      String(DEFAULT_SETTINGS.segmentSeconds),
    );
    fillSelect(
      startOffset,
      START_OFFSETS.map((n) => [String(n), t('create.seconds', { n })]),
      String(DEFAULT_SETTINGS.startOffset),
    );
  };
  renderOptions();
  onLanguageChange(renderOptions);
  videoKbps.value = String(DEFAULT_SETTINGS.videoKbps);

  const request = (): CreateChannelBody => ({
    hls: [
      hlsEntryOf({
        size: size.value,
        fps: Number(fps.value),
        videoKbps: Number(videoKbps.value),
        segmentSeconds: Number(segmentSeconds.value),
        startOffset: Number(startOffset.value),
      }),
    ],
  });
  const showRequest = () => (preview.textContent = JSON.stringify(request(), null, 2));
  showRequest();
  form.addEventListener('input', showRequest);

  const showBusy = (busy: boolean) => {
    submit.disabled = busy;
    submit.textContent = t(busy ? 'create.creating' : 'create.submit');
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showBusy(true);
    try {
      options.onCreated(await createChannel(request()));
    } catch (error) {
      options.onError(error);
    } finally {
      showBusy(false);
    }
  });
}

/** Replaces the options, keeping the current choice (or `fallback` the first time). */
function fillSelect(select: HTMLSelectElement, choices: [value: string, label: string][], fallback: string): void {
  const chosen = select.value || fallback;
  select.replaceChildren(...choices.map(([value, label]) => new Option(label, value, false, value === chosen)));
}
