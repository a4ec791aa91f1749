import { DEMO } from '../demo/index.ts';
import { env } from './io.ts';

export interface ClientOptions {
  url: string;
  system: string;
  secret: string;
}

export type Role = 'sender' | 'recipient';

const DEMO_DEFAULTS: Record<Role, { id: string; secret: string }> = {
  sender: DEMO.systems.authoritySender,
  recipient: DEMO.systems.companyRecipient,
};

/** Flags win over KUVERT_* variables; without either, the demo system for the role is used. */
export function clientOptions(flags: { url?: string; system?: string; secret?: string }, role: Role): ClientOptions & { demo: boolean } {
  const system = flags.system ?? env().KUVERT_SYSTEM_ID;
  const secret = flags.secret ?? env().KUVERT_SYSTEM_SECRET;
  const url = (flags.url ?? env().KUVERT_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
  if (system && secret) return { url, system, secret, demo: false };
  if (system || secret) throw new Error('give both the system id and its secret (--system/--secret or KUVERT_SYSTEM_ID/KUVERT_SYSTEM_SECRET), or neither to use the demo system');
  return { url, system: DEMO_DEFAULTS[role].id, secret: DEMO_DEFAULTS[role].secret, demo: true };
}

export class KuvertClient {
  private readonly authorization: string;
  constructor(private readonly options: ClientOptions) {
    this.authorization = `Basic ${Buffer.from(`${options.system}:${options.secret}`).toString('base64')}`;
  }

  request(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.options.url}/apis/v1${path}`, {
      ...init,
      headers: { authorization: this.authorization, ...(init.headers as Record<string, string> | undefined) },
    });
  }

  async sendMemo(xml: Uint8Array, uuid?: string): Promise<{ status: number; receipt: Record<string, unknown> }> {
    const query = uuid ? `?memo-message-uuid=${encodeURIComponent(uuid)}` : '';
    const response = await this.request(`/memos${query}`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml as unknown as BodyInit });
    return { status: response.status, receipt: (await response.json()) as Record<string, unknown> };
  }
}
