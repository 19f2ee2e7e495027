// The TypeScript projects `npm run lint` type-checks, shared by scripts/lint.mjs (tsc) and
// eslint.config.mjs (type-aware rules), so both read every file with the settings it is built with.
// A package's tsconfig.test.json covers all of its src/ (tests included); the build configs
// (tsconfig.json) leave the tests out.
export const typeCheckedProjects = [
  'packages/api/tsconfig.test.json',
  'packages/emulator/tsconfig.test.json',
  'packages/elements/tsconfig.test.json',
  'packages/test-support/tsconfig.json',
  'demo/tsconfig.json',
  'demo/pages/tsconfig.json',
  'bench/tsconfig.json',
  // The fresh project of the tarball-install test, checked here against the workspace's own build.
  'scripts/package-install/tsconfig.json',
];
