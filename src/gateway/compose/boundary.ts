import { createHash } from 'node:crypto';

/**
 * A multipart boundary derived from a seed, so the same input gives the same bytes. "=_" cannot occur
 * in base64 or quoted-printable text; parts that are neither are checked, and a clash moves to the next candidate.
 */
export function boundaryFor(seed: string, label: string, parts: readonly string[]): string {
  for (let attempt = 0; ; attempt++) {
    const digest = createHash('sha256').update(`${label}\u0000${attempt}\u0000${seed}`).digest('hex').slice(0, 40);
    const boundary = `=_kuvert_${label}_${digest}`;
    if (!parts.some((part) => part.includes(`--${boundary}`))) return boundary;
  }
}
