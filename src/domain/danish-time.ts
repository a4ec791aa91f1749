const DANISH = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

function danishWallClock(instant: Date): string {
  const parts = Object.fromEntries(DANISH.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The instant a date (YYYY-MM-DD) begins in Denmark: midnight CET (UTC+1) or CEST (UTC+2). */
export function danishMidnight(date: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(utcMidnight)) throw new RangeError(`not a date: ${date}`);
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(utcMidnight - offsetHours * 3600_000);
    if (danishWallClock(candidate) === `${date}T00:00`) return candidate;
  }
  throw new RangeError(`no Danish midnight on ${date}`);
}
