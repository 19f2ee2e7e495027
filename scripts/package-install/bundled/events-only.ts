// Imports one event class and nothing that registers a tag: with `sideEffects` naming only the
// define modules, a bundler leaves Lit, sora-js-sdk, hls.js and both elements out.
import { IflsStateChangeEvent } from '@ifls/elements';

console.log(IflsStateChangeEvent.eventName);
