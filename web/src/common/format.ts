import { locale, translate, type Lang } from '../i18n.ts';

const TZ = 'Europe/Copenhagen';

function valid(iso: string | null | undefined): Date | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const dayOf = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ, dateStyle: 'short' }).format(d);

/** Today (in Danish time): "kl. 22.03" (English "22:03"); otherwise the date, "5. jan. 2026" (the list view). */
export function shortDate(lang: Lang, iso: string, now = new Date()): string {
  const date = valid(iso);
  if (!date) return '';
  if (dayOf(date) === dayOf(now)) {
    return translate(lang, 'trust.today', { time: new Intl.DateTimeFormat(locale(lang), { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date) });
  }
  return new Intl.DateTimeFormat(locale(lang), { timeZone: TZ, day: 'numeric', month: 'short', year: 'numeric' }).format(date);
}

/** Whether a deadline (e.g. a reply deadline) has passed. */
export function hasPassed(iso: string | null | undefined, now = new Date()): boolean {
  const date = valid(iso);
  return date !== undefined && date.getTime() <= now.getTime();
}

export function longDate(lang: Lang, iso: string | null | undefined): string {
  const date = valid(iso);
  if (!date) return '';
  return new Intl.DateTimeFormat(locale(lang), { timeZone: TZ, dateStyle: 'long', timeStyle: 'short' }).format(date);
}

export function dayDate(lang: Lang, iso: string | null | undefined): string {
  const date = valid(iso);
  if (!date) return '';
  return new Intl.DateTimeFormat(locale(lang), { timeZone: TZ, day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

export function fileSize(lang: Lang, bytes: number): string {
  const number = (n: number, digits: number) => new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(n);
  if (bytes < 1000) return translate(lang, 'size.bytes', { n: number(bytes, 0) });
  if (bytes < 1_000_000) return translate(lang, 'size.kb', { n: number(bytes / 1000, 0) });
  return translate(lang, 'size.mb', { n: number(bytes / 1_000_000, 1) });
}
