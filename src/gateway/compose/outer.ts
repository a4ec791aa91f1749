import { headerBlockBounds, headerFields, fieldName } from './header-block.ts';
import { MAX_LINE_OCTETS, messageHeaderFields } from './header-fields.ts';
import type { MessageHeaders } from './types.ts';

const SET_BY_OUTER = new Set(['mime-version', 'from', 'to', 'reply-to', 'subject', 'date', 'message-id', 'in-reply-to', 'references']);

/**
 * The message put on the wire: the outer header fields, then the S/MIME entity's own header fields
 * (those the outer fields set are dropped), then its body byte for byte. The body must already use CRLF.
 */
export function outerMessage(headers: MessageHeaders, smimeEntity: Buffer): Buffer {
  const { headerEnd, bodyStart } = headerBlockBounds(smimeEntity);
  const entityFields = headerFields(smimeEntity.subarray(0, headerEnd).toString('latin1')).filter((f) => !SET_BY_OUTER.has(fieldName(f)));
  if (!entityFields.some((f) => fieldName(f) === 'content-type')) throw new Error('outerMessage: the S/MIME entity has no Content-Type');
  if (entityFields.some((f) => f.split('\r\n').some((line) => line.length > MAX_LINE_OCTETS))) {
    throw new Error(`outerMessage: a header line of the S/MIME entity exceeds ${MAX_LINE_OCTETS} octets`);
  }
  const head = [...messageHeaderFields(headers), 'MIME-Version: 1.0', ...entityFields].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), smimeEntity.subarray(bodyStart)]);
}
