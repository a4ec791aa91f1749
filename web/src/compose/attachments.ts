import type { Attachment, ContactPoint } from '../api.ts';

/** File types people may attach (MeMo documents the recipients' systems can open). */
export const ALLOWED_TYPES: { ext: string[]; type: string; name: string }[] = [
  { ext: ['pdf'], type: 'application/pdf', name: 'PDF' },
  { ext: ['jpg', 'jpeg'], type: 'image/jpeg', name: 'JPG' },
  { ext: ['png'], type: 'image/png', name: 'PNG' },
  { ext: ['txt'], type: 'text/plain', name: 'TXT' },
  { ext: ['docx'], type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name: 'Word (DOCX)' },
  { ext: ['xlsx'], type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', name: 'Excel (XLSX)' },
];

export const ACCEPT = ALLOWED_TYPES.flatMap((t) => t.ext.map((e) => `.${e}`)).join(',');

/** Limits when the contact point does not say otherwise. */
export const DEFAULT_LIMITS = { count: 10, mb: 50 };

export function typeOf(file: File): string | undefined {
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  return ALLOWED_TYPES.find((t) => t.ext.includes(ext))?.type;
}

export function toAttachment(file: File): Attachment {
  return { file, contentType: typeOf(file) ?? 'application/octet-stream' };
}

/** A contact point's limits (the server checks them again); the defaults until one is chosen. */
export function limitsOf(point: ContactPoint | undefined): { count: number; mb: number } {
  return point ? { count: point.allowedNumberOfAttachments, mb: point.memoSizeThresholdMB } : DEFAULT_LIMITS;
}
