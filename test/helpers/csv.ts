/**
 * A strict RFC 4180 reader for tests, written apart from the writer under
 * test: quoted fields may hold commas, CRLF and doubled quotes; every record
 * ends with CRLF. Throws on anything else, so sloppy output cannot pass.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = "";
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else {
          field += text[i];
          i += 1;
        }
      }
    } else {
      while (i < text.length && !/[,\r\n"]/.test(text[i]!)) field += text[i++];
      if (text[i] === '"') throw new Error(`bare quote at ${i}`);
    }
    record.push(field);
    if (text[i] === ",") {
      i += 1;
    } else if (text.startsWith("\r\n", i)) {
      records.push(record);
      record = [];
      i += 2;
    } else {
      throw new Error(`expected ',' or CRLF at ${i}`);
    }
  }
  if (record.length > 0) throw new Error("last record lacks its CRLF");
  return records;
}
