// A node:test reporter that only counts leaf tests, so scripts/test.mjs can sum suites.
// Written to the file named by IFLS_COUNT_FILE as {"passed": N, "failed": N, "skipped": N}.
import { writeFileSync } from 'node:fs';

export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.type === 'test:fail') counts.failed += 1;
    else if (event.data.skip || event.data.todo) counts.skipped += 1;
    else counts.passed += 1;
  }
  writeFileSync(process.env.IFLS_COUNT_FILE, JSON.stringify(counts));
  yield '';
}
