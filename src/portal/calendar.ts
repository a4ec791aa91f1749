import type { MemoReservation } from '../memo/index.ts';

/** RFC 5545 TEXT escaping. */
function text(value: string): string {
  return value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n|\r/g, '\\n');
}

/** Lines of at most 75 octets, continued with CRLF + space (never splitting a UTF-8 character). */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

function utc(value: string): string | undefined {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString().replace(/[-:]/g, '').replace(/\.[0-9]{3}/, '');
}

const EMAIL = /^[^\s@<>()",;:\\]+@[a-z0-9.-]+\.[a-z]{2,}$/i;

/** A Reservation action as an iCalendar (`.ics`) event; undefined when its times are unusable. */
export function reservationIcs(reservation: MemoReservation, label: string): string | undefined {
  const start = utc(reservation.startDateTime);
  const end = utc(reservation.endDateTime);
  if (!start || !end) return undefined;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Kuvert//Digital Post//DA',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${text(reservation.reservationUUID.toLowerCase())}@kuvert`,
    `DTSTAMP:${utc(new Date().toISOString())}`,
    `DTSTART:${start}`,
    `DTEND:${end}`,
    `SUMMARY:${text(reservation.abstract || label)}`,
    `DESCRIPTION:${text(reservation.description)}`,
    `LOCATION:${text(reservation.location)}`,
  ];
  if (reservation.organizerMail && EMAIL.test(reservation.organizerMail.trim())) {
    const name = reservation.organizerName?.replace(/["\u0000-\u001f\u007f]/g, '').trim();
    lines.push(`ORGANIZER${name ? `;CN="${name}"` : ''}:mailto:${reservation.organizerMail.trim()}`);
  }
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
