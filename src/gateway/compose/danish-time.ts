const OPTIONS: Intl.DateTimeFormatOptions = { timeZone: 'Europe/Copenhagen', dateStyle: 'long', timeStyle: 'short' };
const DANISH = new Intl.DateTimeFormat('da-DK', OPTIONS);
const ENGLISH = new Intl.DateTimeFormat('en-GB', OPTIONS);

/** "3. maj 2024 kl. 14.00 (dansk tid)" */
export function danishTimeInDanish(instant: Date): string {
  return `${DANISH.format(instant)} (dansk tid)`;
}

/** "3 May 2024 at 14:00 (Danish time)" */
export function danishTimeInEnglish(instant: Date): string {
  return `${ENGLISH.format(instant)} (Danish time)`;
}
