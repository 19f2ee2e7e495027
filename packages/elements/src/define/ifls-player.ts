import { defineOnce } from '../internal/define-once.js';
import { prefetchHlsEngine } from '../player/hls-engine-loader.js';
import { IflsPlayer } from '../player/player.js';

defineOnce('ifls-player', IflsPlayer);
// Registering the player is the moment to start fetching hls.js, which every start through Media
// Source Extensions waits for (`prefetchHlsEngine`). Not where there is no DOM (a server rendering
// the page imports this module too), nor where another copy of the kit registered its own player.
if (typeof document !== 'undefined' && customElements.get('ifls-player') === IflsPlayer) prefetchHlsEngine();

declare global {
  interface HTMLElementTagNameMap {
    'ifls-player': IflsPlayer;
  }
}
