import { quotedPrintable } from './body-encoding.ts';
import type { MimePart } from './entity.ts';

export function textPart(text: string, language?: string): MimePart {
  return {
    headers: [
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      ...(language ? [`Content-Language: ${language}`] : []),
    ],
    body: quotedPrintable(text),
  };
}
