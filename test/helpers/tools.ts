// Programs outside node_modules that some tests use. A test either falls back to another real
// implementation (and says so through `usedFallback`) or skips with the reason `missing` gives, which
// names the Debian package; scripts/test.js sums both up at the end of `npm test`.
import { appendFileSync, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const PACKAGES = {
  chromium: 'chromium',
  curl: 'curl',
  openssl: 'openssl',
  swaks: 'swaks',
  xmllint: 'libxml2-utils',
} as const;
export type Tool = keyof typeof PACKAGES;

const SPECIAL_PLACES: Partial<Record<Tool, string[]>> = {
  chromium: [process.env.CHROMIUM_PATH ?? '', '/usr/lib/chromium/chromium'],
};

const found = new Map<Tool, string | undefined>();

const pretendMissing = new Set((process.env.KUVERT_TEST_WITHOUT ?? '').split(',').map((t) => t.trim()));

/**
 * The tool's executable, searched on PATH (and, for chromium, where Debian puts it).
 * KUVERT_TEST_WITHOUT=chromium,swaks,… acts as if those were not installed.
 */
export function which(tool: Tool): string | undefined {
  if (pretendMissing.has(tool)) return undefined;
  if (!found.has(tool)) {
    const onPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, tool));
    found.set(tool, [...(SPECIAL_PLACES[tool] ?? []), ...onPath].find((p) => p && existsSync(p)));
  }
  return found.get(tool);
}

export const installCommand = (tool: Tool): string => `apt-get install -y ${PACKAGES[tool]}`;

/** `false` when the tool is there, else the skip reason for node:test (the summary groups by it). */
export function missing(tool: Tool): string | false {
  return which(tool) ? false : `${tool} not installed — ${installCommand(tool)}`;
}

const told = new Set<string>();

/** Records, once per process, that a test used `instead` because `tool` is missing. */
export function usedFallback(tool: Tool, instead: string): void {
  const line = `${tool} not installed, ${instead} used instead — ${installCommand(tool)}`;
  if (told.has(line)) return;
  told.add(line);
  const notes = process.env.KUVERT_TEST_NOTES;
  if (notes) appendFileSync(notes, `${JSON.stringify({ fallback: line })}\n`);
  else process.stderr.write(`# ${line}\n`);
}
