import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { clientOptions, KuvertClient } from './client.ts';
import { stdout, stderr, fromCwd } from './io.ts';

type Flags = { url?: string; system?: string; secret?: string };

function client(flags: Flags, role: 'sender' | 'recipient'): KuvertClient {
  const options = clientOptions(flags, role);
  if (options.demo) stderr(`(no KUVERT_SYSTEM_ID/KUVERT_SYSTEM_SECRET given: using the demo ${role} system ${options.system})\n`);
  return new KuvertClient(options);
}

async function failOnHttp(response: Response, what: string): Promise<void> {
  if (response.ok) return;
  const text = await response.text();
  throw new Error(`${what}: HTTP ${response.status} ${text}`);
}

export async function sendCommand(file: string, flags: Flags): Promise<number> {
  const { status, receipt } = await client(flags, 'sender').sendMemo(await readFile(fromCwd(file)));
  stdout(`${JSON.stringify(receipt, null, 2)}\n`);
  return status < 300 ? 0 : 1;
}

export async function fetchCommand(flags: Flags & { out: string; keep?: boolean }): Promise<number> {
  const api = client(flags, 'recipient');
  const out = fromCwd(flags.out);
  await mkdir(out, { recursive: true });
  let fetched = 0;
  // Without --keep each saved message leaves the queue, so page 0 always holds the next ones.
  for (let page = 0; ; page += flags.keep ? 1 : 0) {
    const list = await api.request(`/memos?page=${page}&size=100`);
    await failOnHttp(list, 'listing messages');
    const { content } = (await list.json()) as { content: string[] };
    if (content.length === 0) break;
    for (const uuid of content) {
      const response = await api.request(`/memos/${uuid}`);
      await failOnHttp(response, `fetching ${uuid}`);
      const target = join(out, `${uuid}.xml`);
      await writeFile(`${target}.part`, Buffer.from(await response.arrayBuffer()), { flush: true });
      await rename(`${target}.part`, target);
      if (!flags.keep) {
        await failOnHttp(await api.request(`/memos/${uuid}/receipt`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receiptStatus: 'COMPLETED' }),
        }), `receipt for ${uuid}`);
        await failOnHttp(await api.request(`/memos/${uuid}`, { method: 'DELETE' }), `removing ${uuid} from the queue`);
      }
      stdout(`${target}\n`);
      fetched += 1;
    }
  }
  stderr(`${fetched} message(s) saved in ${out}\n`);
  return 0;
}

export async function sendBulkCommand(folder: string, flags: Flags & { concurrency: string; report?: string }): Promise<number> {
  const api = client(flags, 'sender');
  const dir = fromCwd(folder);
  const files = (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.xml')).sort();
  const concurrency = Math.max(1, Number(flags.concurrency) || 8);
  const bar = new SingleBar({ format: 'sending |{bar}| {value}/{total} {percentage}% {eta_formatted} left', stream: process.stderr }, Presets.shades_classic);
  bar.start(files.length, 0);
  const results: Array<{ file: string; status: number; receipt: Record<string, unknown> }> = [];
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, async () => {
    while (next < files.length) {
      const file = files[next++]!;
      try {
        const { status, receipt } = await api.sendMemo(await readFile(join(dir, file)));
        results.push({ file, status, receipt });
      } catch (err) {
        results.push({ file, status: 0, receipt: { receiptStatus: 'ERROR', errorMessage: (err as Error).message } });
      }
      bar.increment();
    }
  }));
  bar.stop();
  const summary = new Map<string, number>();
  for (const r of results) {
    const key = `${r.receipt.receiptStatus}${r.receipt.errorCode ? ` ${r.receipt.errorCode}` : ''}`;
    summary.set(key, (summary.get(key) ?? 0) + 1);
  }
  stdout(`${files.length} file(s) sent\n`);
  for (const [key, count] of [...summary].sort()) stdout(`  ${key}: ${count}\n`);
  for (const r of results.filter((r) => r.receipt.receiptStatus !== 'RECEIVED').slice(0, 20)) {
    stdout(`  ${r.file}: ${r.receipt.errorCode ?? r.receipt.receiptStatus} ${r.receipt.errorMessage ?? ''}\n`);
  }
  if (flags.report) await writeFile(fromCwd(flags.report), JSON.stringify(results, null, 2));
  return results.every((r) => r.receipt.receiptStatus === 'RECEIVED') ? 0 : 1;
}
