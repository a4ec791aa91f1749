import { readLocalOperator, LOCAL_OPERATOR_FILE } from '../admin/index.ts';
import { loadConfig } from '../config.ts';
import type { DoctorCheck, DoctorReport } from '../contract/index.ts';
import { OperatorClient, OperatorFailure } from './operator-client.ts';
import { stdout, stderr, env } from './io.ts';

type Flags = { url?: string; key?: string; json?: boolean; lang?: string };

/**
 * The server to ask and the operator key to ask with: `--url`/KUVERT_URL with `--key`/KUVERT_OPERATOR_KEY
 * (`name:secret`, from `kuvert operator key create`), or else the credentials a server running on this
 * data folder left in DATA_DIR/operator.json.
 */
async function operatorClient(flags: Flags): Promise<OperatorClient> {
  const key = flags.key ?? env().KUVERT_OPERATOR_KEY;
  const url = flags.url ?? env().KUVERT_URL;
  if (key !== undefined) {
    const colon = key.indexOf(':');
    if (colon <= 0) throw new OperatorFailure('OPERATOR_KEY_INVALID', 'Give the operator key as name:secret (kuvert operator key create prints both).');
    return new OperatorClient({ url: (url ?? 'http://127.0.0.1:8080').replace(/\/$/, ''), name: key.slice(0, colon), secret: key.slice(colon + 1) });
  }
  const local = await readLocalOperator(loadConfig(env()).dataDir);
  if (!local) {
    throw new OperatorFailure('SERVER_NOT_RUNNING', `No server runs on this data folder (no ${LOCAL_OPERATOR_FILE}): start it (npm start), or give the server with --url and an operator key with --key name:secret.`);
  }
  return new OperatorClient(url ? { ...local, url: url.replace(/\/$/, '') } : local);
}

function line(check: DoctorCheck, lang: 'da' | 'en', base: string): string {
  const mark = check.status === 'green' ? '✓' : '✗';
  const text = lang === 'da' ? check.da : check.en;
  const out = [`${mark} [${check.area}] ${text}`];
  if (check.status === 'red') {
    out.push(`    ${check.code}: ${lang === 'da' ? check.fixDa : check.fixEn}`);
    if (check.link) out.push(`    ${base}${check.link}`);
  }
  return out.join('\n');
}

/** `kuvert doctor <cvr>`: the self-test through a running server; exit 0 only when every check is green. */
export async function doctorCommand(cvr: string, flags: Flags): Promise<number> {
  const lang = flags.lang === 'en' ? 'en' : 'da';
  let api: OperatorClient;
  let report: DoctorReport;
  try {
    api = await operatorClient(flags);
    report = await api.call<DoctorReport>('POST', `/organisations/${encodeURIComponent(cvr)}/doctor`);
  } catch (failure) {
    if (!(failure instanceof OperatorFailure)) throw failure;
    stderr(`kuvert: ${failure.code}: ${failure.message}\n`);
    return 2;
  }
  if (flags.json) {
    stdout(`${JSON.stringify(report)}\n`);
  } else {
    const red = report.checks.filter((c) => c.status === 'red').length;
    stdout(`${report.organisation.name} (CVR ${report.organisation.cvr}): ${report.checks.length} checks, ${red} red\n`);
    for (const check of report.checks) stdout(`${line(check, lang, api.baseUrl)}\n`);
    stdout(report.ok ? (lang === 'da' ? 'Alt virker.\n' : 'Everything works.\n') : (lang === 'da' ? 'Ret det røde og prøv igen.\n' : 'Fix what is red and try again.\n'));
  }
  return report.ok ? 0 : 1;
}
