import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestSession, TestSuiteResult } from '@web/test-runner-core';
import { countSessions } from './count-reporter.js';

const suite = (passed: boolean[]): TestSuiteResult => ({
  name: '',
  suites: [],
  tests: passed.map((ok, index) => ({ name: `test ${index}`, passed: ok, skipped: false, duration: 1 })),
});
const session = (fields: Partial<TestSession>) => ({ errors: [], passed: true, ...fields }) as unknown as TestSession;

test('counts the tests of finished files, and a file whose page never finished as one failure and one unfinished', () => {
  const counts = countSessions([
    session({ testResults: suite([true, true, false]), passed: false }),
    session({ errors: [{ message: 'Browser tests did not finish within 30000ms.' }], passed: false }),
  ]);
  assert.deepEqual(counts, { passed: 2, failed: 2, skipped: 0, unfinished: 1 });
});

test('a file that failed for any other reason is not unfinished', () => {
  const counts = countSessions([session({ errors: [{ message: 'Could not import your test module.' }], passed: false })]);
  assert.deepEqual(counts, { passed: 0, failed: 1, skipped: 0, unfinished: 0 });
});
