// CDN bundles of @ifls/elements (npm output is tsc's, unbundled): one ESM file per entry that
// registers its tags, Lit and sora-js-sdk inside. hls.js stays a separate chunk that the player
// imports only when it needs MSE playback, so pages with native HLS never download it.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rmSync } from 'node:fs';

const dist = 'packages/elements/dist';

/**
 * Empties dist/cdn before each build: chunk names carry a hash, so without this every build that
 * changes hls.js's chunk leaves the old one behind, and `npm pack` ships them all.
 */
const emptyCdnFolder = {
  name: 'empty-cdn-folder',
  buildStart() {
    rmSync(`${dist}/cdn`, { recursive: true, force: true });
  },
};

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
  plugins: [emptyCdnFolder, nodeResolve({ browser: true }), terser({ format: { comments: false } })],
};
