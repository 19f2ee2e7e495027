// CDN bundles of @ifls/elements (npm output is tsc's, unbundled): one ESM file per entry that
// registers its tags, Lit and sora-js-sdk inside. hls.js stays a separate chunk that the player
// imports only when it needs MSE playback, so pages with native HLS never download it.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const dist = 'packages/elements/dist';

export default {
  input: {
    'ifls-publisher': `${dist}/define/ifls-publisher.js`,
    'ifls-player': `${dist}/define/ifls-player.js`,
    ifls: `${dist}/define/index.js`,
  },
  output: {
    dir: `${dist}/cdn`,
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  plugins: [nodeResolve({ browser: true }), terser({ format: { comments: false } })],
};
