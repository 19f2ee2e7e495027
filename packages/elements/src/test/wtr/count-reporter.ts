/**
 * A @web/test-runner reporter that counts leaf tests like scripts/count-reporter.mjs does for
 * node:test, so that `npm test` can sum both runners in one line. Writes
 * `{"passed", "failed", "skipped", "unfinished"}` to the file named by `IFLS_COUNT_FILE`. A test
 * file that failed to load or whose session broke (no results, or errors outside tests) counts as
 * one failure; `unfinished` counts the files whose page never finished (`testsFinishTimeout`), which
 * scripts/test.mjs runs once more in WebKitGTK.
 */
import { writeFileSync } from 'node:fs';
import type { Reporter, TestSession, TestSuiteResult } from '@web/test-runner-core';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  unfinished: number;
}

function countSuite(suite: TestSuiteResult, counts: Counts): void {
  for (const test of suite.tests) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites) countSuite(child, counts);
}

export function countSessions(sessions: readonly TestSession[]): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0, unfinished: 0 };
  for (const session of sessions) {
    if (session.errors.some((error) => /did not finish within/.test(error.message))) counts.unfinished += 1;
    const before = counts.failed;
    if (session.testResults) countSuite(session.testResults, counts);
    const broken = !session.testResults || session.errors.length > 0 || session.passed === false;
    if (broken && counts.failed === before) counts.failed += 1;
  }
  return counts;
}

export function countReporter(file = process.env.IFLS_COUNT_FILE): Reporter {
  return {
    stop({ sessions }) {
      if (file) writeFileSync(file, JSON.stringify(countSessions(sessions)));
    },
  };
}
