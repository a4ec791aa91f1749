import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

/** Largest JSON body under /api (1 MB): files travel as multipart/form-data, not in JSON. */
export const JSON_BODY_LIMIT = 1_000_000;

/** Deepest nesting of arrays and objects a JSON body may have. */
export const JSON_MAX_DEPTH = 64;

const [QUOTE, BACKSLASH, OPEN_ARRAY, CLOSE_ARRAY, OPEN_OBJECT, CLOSE_OBJECT] = [0x22, 0x5c, 0x5b, 0x5d, 0x7b, 0x7d];

/**
 * Follows the nesting depth of a JSON text chunk by chunk, brackets inside strings left out. Scanning
 * UTF-8 bytes is safe: no byte of a multi-byte character is ASCII.
 */
export class JsonDepth {
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(private readonly max: number) {}

  /** false as soon as the text nests deeper than the maximum */
  feed(chunk: Uint8Array): boolean {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
      } else if (byte === QUOTE) {
        this.inString = true;
      } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
        if (++this.depth > this.max) return false;
      } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
        this.depth--;
      }
    }
    return true;
  }
}

type Parse = (request: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void) => void;

/**
 * Makes `scope` read `application/json` bodies as they arrive: refused with 400 JSON_TOO_DEEP at the
 * first bracket beyond `maxDepth` and with 413 BODY_TOO_LARGE past `limit` bytes — before anything is
 * parsed — then parsed by Fastify's own parser (which refuses `__proto__` and `constructor` keys).
 */
export function installJsonParser(scope: FastifyInstance, limit = JSON_BODY_LIMIT, maxDepth = JSON_MAX_DEPTH): void {
  const parse: Parse = scope.getDefaultJsonParser('error', 'error');
  scope.addContentTypeParser('application/json', (request, payload, done) => {
    const depth = new JsonDepth(maxDepth);
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      payload.off('data', onData);
      payload.off('end', onEnd);
      payload.off('error', onError);
    };
    const refuse = (error: Error) => {
      // the rest of the body, if any, flows on unread
      stop();
      done(error, undefined);
    };
    function onData(chunk: Buffer) {
      if (!depth.feed(chunk)) return refuse(new ApiError(400, 'JSON_TOO_DEEP', `JSON bodies may nest arrays and objects at most ${maxDepth} deep.`));
      size += chunk.length;
      if (size > limit) return refuse(new ApiError(413, 'BODY_TOO_LARGE', `JSON bodies may be at most ${limit} bytes.`));
      chunks.push(chunk);
    }
    function onEnd() {
      stop();
      parse(request, Buffer.concat(chunks, size).toString('utf8'), done);
    }
    function onError(error: Error) {
      refuse(new ApiError(400, 'REQUEST_INVALID', `The request body could not be read: ${error.message}`));
    }
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}

/**
 * preValidation for a route whose JSON body may be left out (`curl -X POST` without one): a request
 * without a body is validated, and handled, as `{}`. (Fastify validates a missing body as `null`.)
 */
export const optionalBody = async (request: FastifyRequest): Promise<void> => {
  request.body ??= {};
};
