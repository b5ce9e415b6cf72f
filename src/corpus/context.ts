import { UserError } from '../errors.js';
import { FieldMapper, type PaperField } from './fields.js';
import { WRAPPER_KEYS } from './json-scanner.js';
import { isArxivSnapshotRecord, mapArxivSnapshotRecord } from './arxiv-snapshot.js';
import { isOpenAlexWork, mapOpenAlexWork } from './openalex.js';
import { isSemanticScholarPaper, mapSemanticScholarPaper } from './semantic-scholar.js';
import type { FormatName } from './paper.js';
import { buildPaper, type RawRecord } from './record.js';
import type { ParseItem, ParseOptions } from './types.js';

/** What every format parser needs while reading one file: where it is, the options, and how to emit items. */
export class FileContext {
  readonly mapper: FieldMapper;
  readonly listingYear: number;
  /** Papers read so far. */
  papers = 0;
  /** Records without a title, or without an abstract, and the keys such JSON records had: for `noPaperFields`. */
  private readonly lacking = { title: 0, abstract: 0 };
  private readonly keysSeen = new Set<string>();
  /** Why a record with no paper fields may be a list of papers under a key we do not read (said once more at the end). */
  private wrapperNote?: string;

  constructor(
    readonly file: string,
    readonly format: FormatName,
    readonly opts: ParseOptions,
    readonly fieldMap: Map<PaperField, string>,
  ) {
    this.mapper = new FieldMapper(fieldMap);
    const year = opts.listingYear;
    if (year !== undefined && !(Number.isInteger(year) && year >= 1000 && year <= 2999)) {
      throw new UserError(`Listing year ${year} is not a year.`, 'Give a four-digit year such as 2025.');
    }
    this.listingYear = year ?? new Date().getFullYear();
  }

  /** A paper, or a skip naming what the record lacks (an error under `strict`). */
  item(rec: RawRecord, line: number, explain?: (missing: string) => string): ParseItem {
    const built = buildPaper(rec, { file: this.file, line, format: this.format });
    if ('paper' in built) {
      this.papers++;
      return { kind: 'paper', paper: built.paper };
    }
    if (built.missing.includes('title')) this.lacking.title++;
    if (built.missing.includes('abstract')) this.lacking.abstract++;
    if (explain) return this.skip(line, explain(built.missing));
    // Name the record by its title when it has one, so the user can find it.
    const title = rec.title?.replace(/\s+/g, ' ').trim();
    const which = title ? `record "${title.length > 60 ? `${title.slice(0, 57)}...` : title}"` : 'record';
    return this.skip(line, `${which} has ${built.missing}`);
  }

  /**
   * For a JSON file where not one record had a title or an abstract under a key paperscope knows: the keys
   * the records do have, and the `--map` that reads them, as for a CSV header (undefined when all is well).
   */
  noPaperFields(): UserError | undefined {
    // CSV checks its header for these columns before reading a row.
    if (this.papers > 0 || this.keysSeen.size === 0 || (this.format !== 'json' && this.format !== 'jsonl')) return undefined;
    const field = this.lacking.abstract > 0 ? 'abstract' : this.lacking.title > 0 ? 'title' : undefined;
    if (!field) return undefined;
    const looked = field === 'abstract' ? 'abstract, summary, description' : 'title, display_name, name';
    const note = this.wrapperNote ? ` ${this.wrapperNote}.` : '';
    return new UserError(
      `${this.file}: no record has ${field === 'abstract' ? 'an abstract' : 'a title'} (looked for keys such as ${looked}). Keys found: ${[...this.keysSeen].join(', ')}.${note}`,
      `Tell paperscope which key holds the ${field}s with --map ${field}=<key>.`,
    );
  }

  skip(line: number, reason: string): ParseItem {
    if (this.opts.strict) {
      throw new UserError(`${this.file}:${line}: ${reason}.`, 'Without --strict such records are skipped and listed.');
    }
    return { kind: 'skip', skip: { file: this.file, line, reason } };
  }

  /** One JSON object: a record of a source with a shape of its own (OpenAlex, Semantic Scholar, the Kaggle arXiv snapshot) or a flat paper record, with `--map` applied either way. */
  fromObject(obj: Record<string, unknown>, line: number): ParseItem {
    // Kept values end up in `extra`, which is printed and stored with JSON.stringify: that overflows the
    // stack on JSON nested ~10,000 levels deep (an internal error instead of a message).
    if (nestedDeeperThan(obj, MAX_NESTING)) return this.skip(line, `record is JSON nested more than ${MAX_NESTING} levels deep`);
    let rec: RawRecord;
    const shape = SHAPES.find((s) => s.is(obj));
    if (shape) {
      rec = shape.map(obj);
      if (this.fieldMap.size) {
        const { extra, ...overrides } = this.mapper.mapOverridesOnly(obj);
        rec = { ...rec, ...definedOnly(overrides), extra: { ...rec.extra, ...extra } };
      }
    } else rec = this.mapper.map(obj);
    const item = this.item(rec, line);
    if (item.kind === 'skip') for (const key of Object.keys(obj).slice(0, 40)) if (this.keysSeen.size < 40) this.keysSeen.add(key);
    if (item.kind === 'skip' && !rec.title && !rec.abstract) {
      // No paper fields at all: perhaps a wrapper whose list of papers has a key we do not know.
      const list = Object.keys(obj).find((k) => Array.isArray(obj[k]) && (obj[k] as unknown[]).some(isObject));
      if (list && WRAPPER_KEYS.includes(list.toLowerCase())) {
        // A page of API results on one line of a JSON Lines file (pages appended one per line).
        this.wrapperNote = `It looks like a page of results: read the file with --format json to get the papers in '${list}'`;
      } else if (list) {
        this.wrapperNote = `If its list '${list}' holds the papers, note that paperscope only looks inside ${WRAPPER_KEYS.join(', ')}`;
      }
      if (this.wrapperNote) item.skip.reason += `; ${this.wrapperNote[0].toLowerCase()}${this.wrapperNote.slice(1)}`;
    }
    return item;
  }
}

/** JSON records whose source has a layout of its own, read by a mapper of their own instead of by key aliases. */
const SHAPES: { is: (o: Record<string, unknown>) => boolean; map: (o: Record<string, unknown>) => RawRecord }[] = [
  { is: isOpenAlexWork, map: mapOpenAlexWork },
  { is: isSemanticScholarPaper, map: mapSemanticScholarPaper },
  { is: isArxivSnapshotRecord, map: mapArxivSnapshotRecord },
];

/** Far deeper than any paper record (OpenAlex works nest about 5 levels). */
const MAX_NESTING = 100;

/** Without recursion, so the check itself cannot overflow the stack. */
function nestedDeeperThan(value: object, max: number): boolean {
  const stack: [object, number][] = [[value, 1]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child as object, depth + 1]);
    }
  }
  return false;
}

const isObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);

function definedOnly(rec: RawRecord): RawRecord {
  return Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== undefined)) as RawRecord;
}
