/**
 * CSV files for spreadsheets (the statistics, the audit trail): separator `;`, UTF-8 with a byte
 * order mark, CRLF lines — as Danish Excel opens them by a double click.
 */

/**
 * One CSV cell: text that a spreadsheet would take for a formula (starting with = + - @, a tab or a
 * carriage return) gets a leading apostrophe; a cell with the separator, a quote or a line break is
 * quoted, its quotes doubled.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: ReadonlyArray<string | number>) => cells.map(csvCell).join(';');

/** The lines (each already made by csvLine) as a file: the byte order mark first, CRLF after every line. */
export const csvFile = (lines: readonly string[]) => `\uFEFF${lines.join('\r\n')}\r\n`;
