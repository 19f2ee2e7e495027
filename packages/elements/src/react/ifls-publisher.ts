import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import '../define/ifls-publisher.js';
import { IflsErrorEvent } from '../events/error-event.js';
import { IflsNetworkStatsEvent } from '../events/network-stats-event.js';
import { IflsNotifyEvent } from '../events/notify-event.js';
import { IflsPushEvent } from '../events/push-event.js';
import { IflsStateChangeEvent } from '../events/state-change-event.js';
import { IflsPublisher as IflsPublisherElement } from '../publisher/publisher.js';
import type { PublisherErrorCode, PublisherState } from '../publisher/publisher-types.js';

/**
 * `<ifls-publisher>` as a React component. Props set the element's properties (`channel`,
 * `metadata`, `videoCodec`, …); `onIflsStateChange`, `onIflsError`, `onIflsPush`, `onIflsNotify`
 * and `onIflsNetworkStats` listen to its events with their own types; a `ref` is the element
 * itself (`ref.current.start()`). Importing this module registers `<ifls-publisher>`.
 */
export const IflsPublisher = createComponent({
  react: React,
  tagName: 'ifls-publisher',
  elementClass: IflsPublisherElement,
  displayName: 'IflsPublisher',
  events: {
    // Each name comes from its event class and carries that class's type, so a handler reads
    // `event.code` as a PublisherErrorCode.
    onIflsStateChange: IflsStateChangeEvent.eventName as EventName<IflsStateChangeEvent<PublisherState>>,
    onIflsError: IflsErrorEvent.eventName as EventName<IflsErrorEvent<PublisherErrorCode>>,
    onIflsPush: IflsPushEvent.eventName as EventName<IflsPushEvent>,
    onIflsNotify: IflsNotifyEvent.eventName as EventName<IflsNotifyEvent>,
    onIflsNetworkStats: IflsNetworkStatsEvent.eventName as EventName<IflsNetworkStatsEvent>,
  },
});

/** The props of `IflsPublisher`: the element's properties, its event handlers, `ref` and HTML attributes. */
export type IflsPublisherProps = React.ComponentProps<typeof IflsPublisher>;
