/** A value of one CSV cell; null and undefined become an empty field. */
export type CsvValue = string | number | boolean | null | undefined;

// RFC 4180 §2.6: fields holding a comma, a double quote or a line break
// must be quoted. Leading or trailing spaces are quoted too, since many
// readers trim unquoted fields.
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One field, quoted and with inner quotes doubled when it needs it. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A header line and one line per row, each ended by CRLF as RFC 4180 asks.
 * Numbers are written as JavaScript prints them (shortest text that reads
 * back to the same double), so they parse back exactly.
 */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly CsvValue[])[],
): string {
  return [header, ...rows]
    .map((cells) => `${cells.map(csvField).join(",")}\r\n`)
    .join("");
}
