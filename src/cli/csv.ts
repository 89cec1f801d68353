/**
 * CSV as RFC 4180 writes it: CRLF line ends, and a field that holds a comma, a double quote, a
 * CR or an LF is enclosed in double quotes with its own quotes doubled. Everything else is
 * written as it is (Unicode included; spreadsheets read the UTF-8 byte order mark we prepend).
 */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly unknown[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** A whole document: a byte order mark (so spreadsheets read UTF-8), the header, then the rows. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  let out = `\uFEFF${csvLine(header)}`;
  for (const row of rows) out += csvLine(row);
  return out;
}
