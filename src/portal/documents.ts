import type { MemoAction, MemoFile, MemoMessage, MemoReservation } from '../memo/index.ts';
export { loadMemo } from '../delivery/index.ts';
import type { ActionView, DocumentRole, DocumentView } from '../contract/index.ts';

export type { ActionView, DocumentRole, DocumentView } from '../contract/index.ts';

interface Located { view: DocumentView; file: MemoFile }

/** Bytes that base64 text decodes to, without decoding it. */
export function base64Size(content: string): number {
  const data = content.replace(/[\t\n\r ]+/g, '');
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, (data.length / 4) * 3 - padding);
}

function files(memo: MemoMessage): Located[] {
  const body = memo.body;
  if (!body) return [];
  const located: Located[] = [];
  const add = (id: string, role: DocumentRole, label: string | undefined, file: MemoFile) => located.push({
    file,
    view: { id, role, label: label || file.filename, filename: file.filename, encodingFormat: file.encodingFormat, size: base64Size(file.content) },
  });
  body.mainDocument.file.forEach((f, i) => add(`m${i}`, 'main', body.mainDocument.label, f));
  (body.additionalDocument ?? []).forEach((d, di) => d.file.forEach((f, fi) => add(`a${di}.${fi}`, 'additional', d.label, f)));
  (body.technicalDocument ?? []).forEach((d, di) => d.file.forEach((f, fi) => add(`t${di}.${fi}`, 'technical', d.label, f)));
  return located;
}

export function documentsOf(memo: MemoMessage): DocumentView[] {
  return files(memo).map((l) => l.view);
}

export function findFile(memo: MemoMessage, fileId: string): Located | undefined {
  return files(memo).find((l) => l.view.id === fileId);
}

function allActions(memo: MemoMessage): MemoAction[] {
  const body = memo.body;
  if (!body) return [];
  return [...(body.mainDocument.action ?? []), ...(body.additionalDocument ?? []).flatMap((d) => d.action ?? [])];
}

const isHttps = (url: string) => {
  try { return new URL(url).protocol === 'https:'; } catch { return false; }
};

/** Actions a reader can use: https links and reservations; others (e.g. no target) are left out. */
export function actionsOf(memo: MemoMessage): ActionView[] {
  return allActions(memo).flatMap((action, n): ActionView[] => {
    if (action.entryPoint) return isHttps(action.entryPoint.url) ? [{ n, label: action.label, kind: 'link', url: action.entryPoint.url }] : [];
    if (action.reservation) {
      const r = action.reservation;
      return [{ n, label: action.label, kind: 'reservation', start: r.startDateTime, end: r.endDateTime, location: r.location }];
    }
    return [];
  });
}

export function reservationOf(memo: MemoMessage, n: number): { label: string; reservation: MemoReservation } | undefined {
  const action = allActions(memo)[n];
  return action?.reservation ? { label: action.label, reservation: action.reservation } : undefined;
}
