import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PlaybackSource } from './playback-source.js';
import { PlaybackSession, type PlaybackListener } from './playback-session.js';

/**
 * Adapts a `PlaybackSession` to `<ifls-player>`: it follows the element into and out of the
 * document. The element's listener renders, sets its attribute and dispatches its events.
 */
export class PlaybackController implements ReactiveController {
  /** The session: the element reads its state and engine, and forwards its methods. */
  readonly session: PlaybackSession;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    video: () => HTMLVideoElement,
    listener: PlaybackListener,
  ) {
    this.session = new PlaybackSession(video, listener);
    host.addController(this);
  }

  hostConnected(): void {
    this.session.resume();
  }

  hostDisconnected(): void {
    // Moving the element (remove, then insert) must not restart playback: clean up only if it
    // is still out of the document once the current task's microtasks have run.
    queueMicrotask(() => {
      if (!this.host.isConnected) this.session.halt();
    });
  }

  /** Plays `source` (from the start) while the element is in the document; undefined stops. */
  load(source: PlaybackSource | undefined): void {
    this.session.load(source, this.host.isConnected);
  }
}
