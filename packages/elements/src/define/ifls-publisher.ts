import { defineOnce } from '../internal/define-once.js';
import { IflsPublisher } from '../publisher/publisher.js';

defineOnce('ifls-publisher', IflsPublisher);

declare global {
  interface HTMLElementTagNameMap {
    'ifls-publisher': IflsPublisher;
  }
}
