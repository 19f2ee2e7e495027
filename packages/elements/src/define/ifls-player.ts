import { defineOnce } from '../internal/define-once.js';
import { IflsPlayer } from '../player/player.js';

defineOnce('ifls-player', IflsPlayer);

declare global {
  interface HTMLElementTagNameMap {
    'ifls-player': IflsPlayer;
  }
}
