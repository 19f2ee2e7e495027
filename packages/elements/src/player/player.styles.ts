import { css } from 'lit';

/*
 * Comments stay out of the stylesheet itself: inside the template they would ship to every viewer.
 * - `.spinner` appears only when loading lasts (the `appear` animation's delay): a quick start
 *   never flashes a spinner.
 * - The control bar is out of the way while the stream plays; back on a hover, on focus, or when
 *   anything else is going on (any state but `playing`).
 */
export const playerStyles = css`
  :host {
    display: block;
    position: relative;
    overflow: hidden;
    aspect-ratio: var(--ifls-aspect-ratio, 16 / 9);
    border-radius: var(--ifls-radius, 0);
    background: var(--ifls-background, #000);
    color: var(--ifls-control-color, #fff);
    font: var(--ifls-font, 14px/1.4 system-ui, sans-serif);
    contain: content;
  }

  :host([hidden]) {
    display: none;
  }

  video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: var(--ifls-object-fit, contain);
  }

  [part~='status'] {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    padding: 16px;
    text-align: center;
    pointer-events: none;
  }

  [part~='status'] > * {
    pointer-events: auto;
  }

  .message {
    max-width: 32em;
    margin: 0;
    padding: 12px 16px;
    border-radius: 8px;
    background: var(--ifls-overlay-background, rgb(0 0 0 / 0.75));
  }

  .message button {
    display: block;
    margin: 8px auto 0;
    padding: 6px 14px;
    border: 1px solid currentColor;
  }

  .spinner {
    width: 40px;
    height: 40px;
    border: 4px solid rgb(255 255 255 / 0.3);
    border-top-color: var(--ifls-control-color, #fff);
    border-radius: 50%;
    opacity: 0;
    animation:
      appear 0s 0.5s forwards,
      spin 1s linear infinite;
  }

  @keyframes appear {
    to {
      opacity: 1;
    }
  }

  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }

  button,
  select,
  input {
    font: inherit;
    color: inherit;
  }

  button {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-width: 36px;
    min-height: 36px;
    justify-content: center;
    padding: 6px;
    border: 0;
    border-radius: 6px;
    background: none;
    cursor: pointer;
  }

  button:hover {
    background: rgb(255 255 255 / 0.15);
  }

  :focus-visible {
    outline: 2px solid var(--ifls-focus-color, #fff);
    outline-offset: 2px;
  }

  svg {
    width: 24px;
    height: 24px;
    fill: currentColor;
  }

  [part~='controls'] {
    position: absolute;
    inset: auto 0 0;
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 24px 8px 8px;
    background: var(--ifls-controls-background, linear-gradient(transparent, rgb(0 0 0 / 0.8)));
    opacity: 0;
    transition: opacity 0.2s;
  }

  :host(:hover) [part~='controls'],
  :host(:focus-within) [part~='controls'],
  :host(:not([state='playing'])) [part~='controls'] {
    opacity: 1;
  }

  [part~='volume'] {
    width: 72px;
    accent-color: var(--ifls-accent-color, #fff);
  }

  [part~='live-badge'] {
    font-weight: 700;
    font-size: 12px;
    letter-spacing: 0.06em;
    text-transform: uppercase;
  }

  [part~='live-badge']::before {
    content: '';
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--ifls-live-color, #ff3b3b);
  }

  [part~='live-badge'].behind::before {
    background: var(--ifls-behind-live-color, #9a9a9a);
  }

  [part~='latency'] {
    font-size: 12px;
    font-variant-numeric: tabular-nums;
  }

  .spacer {
    flex: 1;
  }

  [part~='quality'] {
    padding: 4px;
    border: 0;
    border-radius: 6px;
    background: rgb(0 0 0 / 0.5);
  }

  [part~='quality'] option {
    color: #000;
    background: #fff;
  }

  [part~='unmute-button'] {
    position: absolute;
    top: 12px;
    left: 12px;
    padding: 8px 12px;
    background: var(--ifls-overlay-background, rgb(0 0 0 / 0.75));
  }

  [part~='play-button'].large {
    width: 72px;
    height: 72px;
    border-radius: 50%;
    background: var(--ifls-overlay-background, rgb(0 0 0 / 0.75));
  }

  [part~='play-button'].large svg {
    width: 40px;
    height: 40px;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
