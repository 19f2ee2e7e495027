// hls.js ships no declarations for its light ESM build; it is the same class as the full build's.
declare module 'hls.js/dist/hls.light.mjs' {
  import Hls from 'hls.js';
  export default Hls;
}
