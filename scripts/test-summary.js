// A node:test reporter beside the usual one: counts passed, failed and skipped tests, and groups skips
// by their reason, as JSON for scripts/test.js to print at the very end of `npm test`.
export default async function* summary(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const skips = {};
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { skip, details, name } = event.data;
    const suite = details?.type === 'suite';
    if (skip !== undefined && skip !== false) {
      const reason = typeof skip === 'string' ? skip : 'skipped without a reason';
      const entry = (skips[reason] ??= { tests: 0, suites: [] });
      if (suite) entry.suites.push(name);
      else entry.tests += 1;
      counts.skipped += 1;
    } else if (!suite) {
      counts[event.type === 'test:pass' ? 'passed' : 'failed'] += 1;
    } else if (event.type === 'test:fail' && details?.error?.failureType === 'hookFailed') {
      counts.failed += 1;
    }
  }
  yield `${JSON.stringify({ counts, skips })}\n`;
}
