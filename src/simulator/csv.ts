/**
 * Minimal RFC 4180 CSV reader: comma-separated fields, double-quoted fields that may hold
 * commas, doubled quotes and line breaks, LF or CRLF line ends, optional UTF-8 BOM.
 * Reports the physical line where each record starts, so callers can name a bad row.
 */

export type CsvRecord = { line: number; fields: string[] };

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/** Splits CSV text into records. Blank lines are skipped. Throws CsvSyntaxError on bad quoting. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let value: string;
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        let out = '';
        let closed = false;
        while (i < n) {
          const close = text.indexOf('"', i);
          if (close < 0) break;
          const chunk = text.slice(i, close);
          for (let k = 0; k < chunk.length; k++) if (chunk.charCodeAt(k) === 10) line++;
          out += chunk;
          if (text[close + 1] === '"') {
            out += '"';
            i = close + 2;
          } else {
            i = close + 1;
            closed = true;
            break;
          }
        }
        if (!closed) throw new CsvSyntaxError(quoteLine, 'a quoted field is never closed (missing ")');
        const c = text[i];
        if (i < n && c !== ',' && c !== '\n' && c !== '\r') {
          throw new CsvSyntaxError(line, `unexpected ${JSON.stringify(c)} after a closing quote`);
        }
        value = out;
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i >= n) {
        endOfRecord = true;
      } else if (text[i] === ',') {
        i++;
      } else {
        if (text[i] === '\r') i++;
        if (text[i] === '\n') i++;
        line++;
        endOfRecord = true;
      }
    }
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) records.push({ line: startLine, fields });
  }
  return records;
}
