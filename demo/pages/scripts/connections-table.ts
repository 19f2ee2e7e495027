/**
 * The channel's live connections (ListConnections through the demo backend), refreshed while the
 * page is visible. Only signaling connections are listed: the broadcaster, and WebRTC viewers if
 * any; HLS viewers fetch files and are not connections.
 */
import type { ConnectionInfo } from '@ifls/api';
import { DemoApiError, listConnections } from './demo-api.js';
import { fromTemplate, required } from './dom.js';
import { formatTime, onLanguageChange, t } from './i18n.js';
import type { MessageKey } from './messages.js';

export const REFRESH_SECONDS = 3;

export interface ConnectionsTableOptions {
  /** The channel was deleted (elsewhere): refreshing stops. */
  onDeleted(): void;
  onError(error: unknown): void;
}

export class ConnectionsTable {
  readonly #channelId: string;
  readonly #options: ConnectionsTableOptions;
  #connections: ConnectionInfo[] = [];
  #updatedAt: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(channelId: string, options: ConnectionsTableOptions) {
    this.#channelId = channelId;
    this.#options = options;
    onLanguageChange(() => this.#render());
    // A hidden tab has nobody to show the table to; catch up as soon as it is seen again.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && !this.#stopped) void this.#refresh();
    });
  }

  start(): void {
    void this.#refresh();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#connections = [];
    this.#render();
  }

  async #refresh(): Promise<void> {
    clearTimeout(this.#timer);
    try {
      this.#connections = (await listConnections(this.#channelId)).connections;
      this.#updatedAt = new Date().toISOString();
      this.#render();
    } catch (error) {
      if (error instanceof DemoApiError && error.code === 'channel-deleted') {
        this.stop();
        this.#options.onDeleted();
        return;
      }
      this.#options.onError(error);
    }
    if (!this.#stopped && document.visibilityState === 'visible') {
      this.#timer = setTimeout(() => void this.#refresh(), REFRESH_SECONDS * 1000);
    }
  }

  #render(): void {
    required('#connections-hint').textContent = t('connections.hint', { seconds: REFRESH_SECONDS });
    required('#connections-empty').hidden = this.#connections.length > 0;
    required('#connections-table').hidden = this.#connections.length === 0;
    required('#connections').replaceChildren(...this.#connections.map(row));
    required('#connections-updated').textContent =
      this.#updatedAt === undefined ? '' : t('connections.updated', { time: formatTime(this.#updatedAt) });
  }
}

function row(connection: ConnectionInfo): HTMLTableRowElement {
  const tr = fromTemplate<HTMLTableRowElement>('#connection-row-template');
  tr.dataset.role = connection.role;
  required('[data-field=role]', tr).textContent = `${t(`role.${connection.role}` as MessageKey)} (${connection.role})`;
  required('[data-field=connection-id]', tr).textContent = connection.connection_id;
  required('[data-field=client-id]', tr).textContent = connection.client_id;
  required('[data-field=since]', tr).textContent =
    connection.created_timestamp === undefined ? '—' : formatTime(connection.created_timestamp);
  return tr;
}
