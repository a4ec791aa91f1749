import type { LocalOperator } from '../admin/index.ts';

/** A refusal from the operator API, or a server that could not be reached: printed as `kuvert: <CODE>: <sentence>`. */
export class OperatorFailure extends Error {
  constructor(readonly code: string, message: string, readonly details?: readonly unknown[]) {
    super(message);
  }
}

/** Calls a running server's `/api/operator` with the credentials it left in DATA_DIR/operator.json. */
export class OperatorClient {
  private readonly authorization: string;
  /** the server's address, for links in what a command prints */
  get baseUrl(): string { return this.operator.url; }
  constructor(private readonly operator: LocalOperator) {
    this.authorization = `Basic ${Buffer.from(`${operator.name}:${operator.secret}`).toString('base64')}`;
  }

  /** The answer's JSON; an error answer throws an OperatorFailure with the server's code and sentence. */
  async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const url = `${this.operator.url}/api/operator${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: this.authorization, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: body instanceof Uint8Array ? (body as unknown as BodyInit) : JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw new OperatorFailure('SERVER_UNREACHABLE', `The server that holds the data folder did not answer at ${this.operator.url} (${(err as Error).cause ?? (err as Error).message}).`);
    }
    const text = await response.text();
    let answer: unknown;
    try {
      answer = text === '' ? undefined : JSON.parse(text);
    } catch {
      answer = undefined;
    }
    if (response.ok) return answer as T;
    const error = answer as { errorCode?: unknown; errorMessage?: unknown; details?: unknown } | undefined;
    if (response.status === 401) {
      throw new OperatorFailure('UNAUTHENTICATED', `The server at ${this.operator.url} did not accept the operator credentials its data folder holds (operator.json); restart it to write new ones.`);
    }
    if (typeof error?.errorCode === 'string') {
      throw new OperatorFailure(error.errorCode, String(error.errorMessage ?? ''), Array.isArray(error.details) ? error.details : undefined);
    }
    throw new OperatorFailure('SERVER_ERROR', `The server answered HTTP ${response.status}.`);
  }
}
