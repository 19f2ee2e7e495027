// A React 19 application on the installed @ifls/elements/react, bundled by esbuild. It shows what
// its handlers heard, so the test reads the page as a user would.
import type { CreateChannelResponse } from '@ifls/api';
import type { IflsPublisher as IflsPublisherElement, PlayerState, PublisherState } from '@ifls/elements';
import { IflsPlayer, IflsPublisher } from '@ifls/elements/react';
import { StrictMode, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';

function App({ channel }: { channel: CreateChannelResponse }) {
  const publisher = useRef<IflsPublisherElement>(null);
  const [startLabel, setStartLabel] = useState('Go live');
  const [publisherState, setPublisherState] = useState<PublisherState>('idle');
  const [playerStates, setPlayerStates] = useState<PlayerState[]>([]);
  return (
    <main>
      <IflsPublisher
        ref={publisher}
        channel={channel}
        strings={{ start: startLabel }}
        onIflsStateChange={(event) => setPublisherState(event.state)}
        onIflsError={(event) => console.error(`publisher: ${event.code}`)}
      />
      <button id="rename" onClick={() => setStartLabel('Start broadcasting')}>
        Rename the publisher's button
      </button>
      <button id="go-live" onClick={() => void publisher.current?.start()}>
        Go live through the ref
      </button>
      <output id="publisher-state">{publisherState}</output>
      <IflsPlayer channel={channel} autoplay muted onIflsStateChange={(event) => setPlayerStates((states) => [...states, event.state])} />
      <output id="player-states">{playerStates.join(' ')}</output>
    </main>
  );
}

const channel = JSON.parse(new URLSearchParams(location.search).get('channel') ?? 'null') as CreateChannelResponse;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App channel={channel} />
  </StrictMode>,
);
