import { css } from 'lit';

export const publisherStyles = css`
  :host {
    display: block;
    overflow: hidden;
    border-radius: var(--ifls-radius, 8px);
    background: var(--ifls-control-background, #111827);
    color: var(--ifls-control-color, #fff);
    font: var(--ifls-font, 14px/1.4 system-ui, sans-serif);
  }
  :host([hidden]) {
    display: none;
  }
  .stage {
    position: relative;
    aspect-ratio: var(--ifls-aspect-ratio, 16 / 9);
    background: var(--ifls-background, #000);
  }
  video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: var(--ifls-video-fit, contain);
  }
  [hidden] {
    display: none !important;
  }
  [part~='status'] {
    position: absolute;
    inset: 8px 8px auto;
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    pointer-events: none;
  }
  [part~='status'] > * {
    padding: 2px 8px;
    border-radius: 4px;
    background: rgb(0 0 0 / 0.7);
  }
  :host([state='live']) [part~='state'] {
    background: var(--ifls-live-color, #dc2626);
    font-weight: 600;
  }
  [part~='network']::before {
    content: '';
    display: inline-block;
    width: 0.6em;
    height: 0.6em;
    margin-inline-end: 0.4em;
    border-radius: 50%;
    background: var(--ifls-network-good-color, #22c55e);
  }
  [part~='network'][data-quality='fair']::before {
    background: var(--ifls-network-fair-color, #eab308);
  }
  [part~='network'][data-quality='poor']::before {
    background: var(--ifls-network-poor-color, #ef4444);
  }
  [part~='controls'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    padding: 8px;
  }
  :host([no-controls]) [part~='controls'] {
    display: none;
  }
  button,
  select {
    min-height: 36px;
    padding: 0 12px;
    border: 1px solid var(--ifls-button-border-color, #6b7280);
    border-radius: 6px;
    background: var(--ifls-button-background, #374151);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  select {
    max-width: 16em;
  }
  button[aria-pressed='false'] {
    background: transparent;
    text-decoration: line-through;
  }
  [part~='start-button'] {
    border-color: transparent;
    background: var(--ifls-accent-color, #2563eb);
    font-weight: 600;
  }
  :host(:not([state='previewing'])) [part~='stop-button'] {
    border-color: transparent;
    background: var(--ifls-live-color, #dc2626);
    font-weight: 600;
  }
  :focus-visible {
    outline: 2px solid var(--ifls-focus-color, #93c5fd);
    outline-offset: 2px;
  }
`;
