// The shape checks find what they are there to find: a cycle made of type-only imports (the kind
// issue 13 named, which ESLint's import-x/no-cycle does not see) and a long source file, but not a
// long test.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findCycles, findLongFiles, MAX_LINES } from './code-shape.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ifls-code-shape-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('a cycle of type-only imports between two files is found; a one-way import is not', async () => {
  const src = join(scratch, 'cycle', 'src');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'channel.ts'), "import type { Member } from './member.js';\nexport type Channel = { members: Member[] };\n");
  writeFileSync(join(src, 'member.ts'), "import type { Channel } from './channel.js';\nexport type Member = { channel: Channel };\n");
  writeFileSync(join(src, 'index.ts'), "export type { Channel } from './channel.js';\n");
  const cycles = await findCycles([src], { baseDir: src, tsConfig: join(root, 'tsconfig.base.json') });
  assert.deepEqual(cycles, [['channel.ts', 'member.ts']]);
});

test(`a source file over ${MAX_LINES} lines is named with its length; a test file that long is not`, () => {
  const src = join(scratch, 'long', 'src', 'player');
  mkdirSync(src, { recursive: true });
  const lines = (count) => 'export const x = 1;\n'.repeat(count);
  writeFileSync(join(src, 'player.ts'), lines(MAX_LINES + 1));
  writeFileSync(join(src, 'player-strings.ts'), lines(MAX_LINES));
  writeFileSync(join(src, 'player.test.ts'), lines(MAX_LINES * 2));
  assert.deepEqual(findLongFiles(join(scratch, 'long', 'src')), [{ path: join(src, 'player.ts'), lines: MAX_LINES + 1 }]);
});
