import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import '../define/ifls-player.js';
import { IflsErrorEvent } from '../events/error-event.js';
import { IflsStateChangeEvent } from '../events/state-change-event.js';
import { IflsStatsEvent } from '../events/stats-event.js';
import { IflsPlayer as IflsPlayerElement } from '../player/player.js';
import type { PlayerErrorCode, PlayerState } from '../player/player-types.js';

/**
 * `<ifls-player>` as a React component. Props set the element's properties (`src`, `channel`,
 * `muted`, …); `onIflsStateChange`, `onIflsError` and `onIflsStats` listen to its events with their
 * own types; a `ref` is the element itself (`ref.current.goLive()`, `ref.current.state`).
 * Importing this module registers `<ifls-player>`.
 */
export const IflsPlayer = createComponent({
  react: React,
  tagName: 'ifls-player',
  elementClass: IflsPlayerElement,
  displayName: 'IflsPlayer',
  events: {
    // Each name comes from its event class and carries that class's type, so a handler reads
    // `event.state` as a PlayerState.
    onIflsStateChange: IflsStateChangeEvent.eventName as EventName<IflsStateChangeEvent<PlayerState>>,
    onIflsError: IflsErrorEvent.eventName as EventName<IflsErrorEvent<PlayerErrorCode>>,
    onIflsStats: IflsStatsEvent.eventName as EventName<IflsStatsEvent>,
  },
});

/** The props of `IflsPlayer`: the element's properties, its event handlers, `ref` and HTML attributes. */
export type IflsPlayerProps = React.ComponentProps<typeof IflsPlayer>;
