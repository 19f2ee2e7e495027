// `npm run build` writes packages/elements/custom-elements.json from the elements' JSDoc.
export default {
  globs: ['packages/elements/src/**/*.ts'],
  exclude: ['packages/elements/src/**/*.test.ts', 'packages/elements/src/test/**', 'packages/elements/src/**/*.styles.ts'],
  outdir: 'packages/elements',
  litelement: true,
};
