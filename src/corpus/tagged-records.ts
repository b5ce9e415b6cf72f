import { UserError } from '../errors.js';
import { readLines } from './lines.js';

/**
 * The line-tagged export formats, RIS (`TI  - Title`) and MEDLINE (`TI  - Title`, `PMID- 123`): one field per
 * line behind a short tag, long values continued on lines without a tag. Both are read record by record,
 * streamed, with every value of a repeated tag (`AU`, `KW`) kept in order.
 */

export interface TaggedRecord {
  fields: Map<string, string[]>;
  /** Line of the record's first field. */
  line: number;
}

export interface TaggedFormat {
  /** Matches a field line; group 1 is the tag, group 2 the value. */
  field: RegExp;
  /** Whether this field starts a new record (MEDLINE: `PMID`). */
  starts?: (tag: string) => boolean;
  /** Whether this field ends the record (RIS: `ER`). */
  ends?: (tag: string) => boolean;
  /** How a continuation line joins the value before it. */
  joinContinuation: (value: string, line: string) => string;
  name: string;
}

/** A record larger than this is a file without record ends; refusing keeps memory bounded. */
const MAX_RECORD_CHARS = 32 * 1024 * 1024;

export async function* taggedRecords(chunks: AsyncIterable<string>, file: string, format: TaggedFormat): AsyncGenerator<TaggedRecord> {
  let record: TaggedRecord | undefined;
  let last: { values: string[] } | undefined;
  let size = 0;
  for await (const { text, line } of readLines(chunks, file)) {
    const m = format.field.exec(text);
    if (m) {
      const tag = m[1].trim();
      if (record && format.starts?.(tag)) {
        yield record;
        record = undefined;
      }
      if (format.ends?.(tag)) {
        if (record) yield record;
        record = undefined;
        last = undefined;
        continue;
      }
      if (!record) {
        record = { fields: new Map(), line };
        size = 0;
      }
      let values = record.fields.get(tag);
      if (!values) record.fields.set(tag, (values = []));
      values.push((m[2] ?? '').trim());
      last = { values };
    } else if (record && last && text.trim() !== '') {
      const i = last.values.length - 1;
      last.values[i] = format.joinContinuation(last.values[i], text);
    } else if (text.trim() === '' && !format.ends) {
      // MEDLINE separates records by blank lines as well as by PMID lines.
      if (record) yield record;
      record = undefined;
      last = undefined;
    }
    size += text.length;
    if (record && size > MAX_RECORD_CHARS) {
      throw new UserError(
        `${file}:${record.line}: this ${format.name} record runs on for more than ${MAX_RECORD_CHARS / 1024 / 1024} MB.`,
        'The file looks damaged (a record that never ends); check it, or pass --format if it is another format.',
      );
    }
  }
  if (record) yield record;
}

/** First value of a tag among several synonyms, in priority order. */
export function first(rec: TaggedRecord, ...tags: string[]): string | undefined {
  for (const tag of tags) {
    const v = rec.fields.get(tag)?.find((x) => x !== '');
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Every value of these tags, in order. */
export function all(rec: TaggedRecord, ...tags: string[]): string[] {
  return tags.flatMap((t) => rec.fields.get(t) ?? []).filter((v) => v !== '');
}
