import { defineOnce } from '../internal/define-once.js';
import { prefetchEngine } from '../player/engine-loader.js';
import { IflsPlayer } from '../player/player.js';

defineOnce('ifls-player', IflsPlayer);
// Registering the player is the moment to start fetching its engine (hls.js's, where Media Source
// Extensions exist), which every start waits for (`prefetchEngine`). Not where there is no DOM (a server rendering
// the page imports this module too), nor where another copy of the kit registered its own player.
if (typeof document !== 'undefined' && customElements.get('ifls-player') === IflsPlayer) prefetchEngine();

declare global {
  interface HTMLElementTagNameMap {
    'ifls-player': IflsPlayer;
  }
}
