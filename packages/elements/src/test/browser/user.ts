/**
 * What a user does to an element in a browser test, the same way in Chromium, Firefox and WebKit:
 * real key presses and mouse clicks sent by the test runner's driver (trusted events, user
 * activation), never `element.click()`. Also the focused control of a shadow root, and a page whose
 * browser refuses to autoplay.
 */
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { engine } from './engine.js';

/**
 * Presses one key (`Tab`, `Enter`, `Space`, `ArrowDown`…). `Space` is sent as ' ': the name is
 * unknown to Firefox's driver, the character is known to all three.
 */
export async function press(key: string): Promise<void> {
  await sendKeys({ press: key === 'Space' ? ' ' : key });
}

/**
 * Shift+Tab. Puppeteer (Chromium, Firefox) knows no chords in `press`: Shift is held down around
 * the Tab. WebKit's driver (classic WebDriver through webdriverio) has only `press` and `type`, and
 * its `type` holds every key of the sequence down, then lets them go: the WebDriver code points of
 * Shift and Tab typed together are the chord.
 */
export async function pressShiftTab(): Promise<void> {
  if (engine.name === 'webkit') {
    await sendKeys({ type: '\uE008\uE004' });
    return;
  }
  await sendKeys({ down: 'Shift' });
  try {
    await sendKeys({ press: 'Tab' });
  } finally {
    await sendKeys({ up: 'Shift' });
  }
}

/** A mouse click in the middle of `element`, scrolled into view first. */
export async function click(element: Element): Promise<void> {
  element.scrollIntoView({ block: 'center', inline: 'center' });
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) throw new Error(`cannot click ${describe(element)}: it has no box`);
  const position: [number, number] = [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
  await sendMouse({ type: 'click', position });
}

/**
 * The control focused inside `host`'s shadow root as `part|accessible name` (the name from
 * `aria-label`, else the text); '' when the focus is elsewhere.
 */
export function focusedControl(host: Element): string {
  const active = host.shadowRoot?.activeElement;
  if (!active) return '';
  return `${active.getAttribute('part')}|${active.getAttribute('aria-label') ?? active.textContent.trim()}`;
}

/** Whether a user sees `element`: rendered, with a box, not transparent or hidden through an ancestor. */
export function isShown(element: Element | null | undefined): boolean {
  if (!element || !element.isConnected) return false;
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return false;
  for (let node: Element | null = element; node; node = parentOf(node)) {
    const style = getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
  }
  return true;
}

function parentOf(node: Element): Element | null {
  if (node.parentElement) return node.parentElement;
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

function describe(element: Element): string {
  const part = element.getAttribute('part');
  return part ? `[part="${part}"]` : element.localName;
}

/**
 * Makes this page's browser refuse to play media without a gesture, as browsers do by default:
 * `play()` rejects with NotAllowedError until the page has seen a pointerdown (a real click): only
 * when not muted (the usual policy), or with `evenMuted` whether muted or not. The engines' own
 * policies are switched off for the tests (and differ), so the policy is made here.
 * Returns the function that restores `play()`.
 */
export function refuseAutoplay(options: { evenMuted: boolean }): () => void {
  const prototype = HTMLMediaElement.prototype;
  const play = Object.getOwnPropertyDescriptor(prototype, 'play')!;
  let activated = false;
  const onPointerDown = () => (activated = true);
  addEventListener('pointerdown', onPointerDown, true);
  Object.defineProperty(prototype, 'play', {
    ...play,
    value: function (this: HTMLMediaElement): Promise<void> {
      if (activated || (this.muted && !options.evenMuted)) return (play.value as () => Promise<void>).call(this);
      return Promise.reject(new DOMException('play() needs a gesture', 'NotAllowedError'));
    },
  });
  return () => {
    removeEventListener('pointerdown', onPointerDown, true);
    Object.defineProperty(prototype, 'play', play);
  };
}
