// Type-checked by the test (tsc, never bundled): the React components' props and event props carry
// the elements' own types. Each @ts-expect-error fails the check if its line compiles, which it
// would if a prop or an event were typed `any` or `string`.
import type {
  IflsPlayer as IflsPlayerElement,
  IflsPublisher as IflsPublisherElement,
  NetworkStats,
  PlayerErrorCode,
  PlayerState,
  PlayerStats,
  PublisherErrorCode,
  PublisherState,
} from '@ifls/elements';
import { IflsPlayer, IflsPublisher, type IflsPlayerProps, type IflsPublisherProps } from '@ifls/elements/react';
import type { RefObject } from 'react';

const publisherState = (state: PublisherState) => state;
const publisherCode = (code: PublisherErrorCode) => code;
const playerState = (state: PlayerState) => state;
const playerCode = (code: PlayerErrorCode) => code;

export const everyEvent = (
  <>
    <IflsPublisher
      videoCodec="VP8"
      videoBitrate={800}
      onIflsStateChange={(event) => publisherState(event.state)}
      onIflsError={(event) => publisherCode(event.code)}
      onIflsPush={(event) => Object.keys(event.data)}
      onIflsNotify={(event) => event.eventType.toUpperCase()}
      onIflsNetworkStats={(event) => ((stats: NetworkStats) => stats)(event.stats)}
    />
    <IflsPlayer
      src="/hls/live.m3u8"
      startTimeOffset={-2}
      onIflsStateChange={(event) => playerState(event.state)}
      onIflsError={(event) => playerCode(event.code)}
      onIflsStats={(event) => ((stats: PlayerStats) => stats)(event.stats)}
    />
  </>
);

export const props: [IflsPublisherProps['videoCodec'], IflsPlayerProps['muted']] = ['H264', true];

// @ts-expect-error: the player's state is never `live` (the publisher's is)
export const notAPlayerState = <IflsPlayer onIflsStateChange={(event) => event.state === 'live'} />;

// @ts-expect-error: `video-codec` takes the codecs' names only
export const notACodec = <IflsPublisher videoCodec="H265" />;

// @ts-expect-error: the publisher fires no `ifls-stats` (the player does)
export const notAPublisherEvent = <IflsPublisher onIflsStats={() => undefined} />;

export const wrongRef = (ref: RefObject<IflsPublisherElement | null>, playerRef: RefObject<IflsPlayerElement | null>) => [
  <IflsPublisher ref={ref} />,
  <IflsPlayer ref={playerRef} />,
  // @ts-expect-error: a player's ref holds an <ifls-player>, not an <ifls-publisher>
  <IflsPlayer ref={ref} />,
];
