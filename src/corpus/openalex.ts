import { arxivIdFromText } from './ids.js';
import type { RawRecord } from './record.js';

/** OpenAlex works (API results and snapshot lines) have their own shape; this reads the parts a paper needs. */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

export function isOpenAlexWork(o: Obj): boolean {
  return 'abstract_inverted_index' in o || 'authorships' in o || (typeof o.id === 'string' && o.id.startsWith('https://openalex.org/'));
}

/** OpenAlex ships abstracts as `{ word: [positions] }`; this puts the words back in order. */
export function rebuildInvertedIndex(index: unknown): string | undefined {
  if (!isObj(index)) return undefined;
  const placed: [number, string][] = [];
  for (const [word, positions] of Object.entries(index)) {
    if (!Array.isArray(positions)) continue;
    for (const p of positions) if (typeof p === 'number' && Number.isInteger(p) && p >= 0) placed.push([p, word]);
  }
  if (placed.length === 0) return undefined;
  placed.sort((a, b) => a[0] - b[0]);
  return placed.map(([, w]) => w).join(' ');
}

export function mapOpenAlexWork(o: Obj): RawRecord {
  const rec: RawRecord = {};
  rec.title = str(o.title) ?? str(o.display_name);
  rec.abstract = rebuildInvertedIndex(o.abstract_inverted_index) ?? str(o.abstract);
  const authorships = objects(o.authorships);
  rec.authors = authorships.map((a) => (isObj(a.author) ? str(a.author.display_name) : undefined) ?? str(a.raw_author_name) ?? '').filter(Boolean);
  const orgs = authorships.flatMap((a) => objects(a.institutions).map((i) => str(i.display_name) ?? ''));
  rec.orgs = orgs.filter(Boolean);
  // Topics are OpenAlex's current classification; concepts the older one.
  const topics = objects(o.topics).map((t) => str(t.display_name) ?? '');
  const concepts = objects(o.concepts).map((c) => str(c.display_name) ?? '');
  rec.categories = (topics.length ? topics : concepts).filter(Boolean);
  rec.keywords = objects(o.keywords).map((k) => str(k.display_name) ?? '').filter(Boolean);
  rec.doi = str(o.doi) ?? (isObj(o.ids) ? str(o.ids.doi) : undefined);
  rec.date = str(o.publication_date);
  rec.year = typeof o.publication_year === 'number' ? o.publication_year : undefined;
  const primary = isObj(o.primary_location) ? o.primary_location : undefined;
  rec.url = (primary && str(primary.landing_page_url)) ?? rec.doi;
  // arXiv copies show up as locations; their URL carries the arXiv id.
  const urls = [primary, ...objects(o.locations), isObj(o.best_oa_location) ? o.best_oa_location : undefined]
    .flatMap((l) => (l ? [str(l.landing_page_url), str(l.pdf_url)] : []))
    .filter((u): u is string => u !== undefined);
  for (const u of urls) {
    const id = arxivIdFromText(u);
    if (id) {
      rec.arxivId = id;
      break;
    }
  }
  const openalexId = str(o.id)?.replace('https://openalex.org/', '');
  if (openalexId) rec.aliases = [openalexId];
  const extra: Obj = {};
  if (str(o.id)) extra.openalex = o.id;
  if (str(o.type)) extra.type = o.type;
  if (typeof o.cited_by_count === 'number') extra.citedBy = o.cited_by_count;
  const venue = primary && isObj(primary.source) ? str(primary.source.display_name) : undefined;
  if (venue) extra.venue = venue;
  if (str(o.language)) extra.language = o.language;
  // The rest of a work (referenced_works, counts_by_year, ...) is large and not about the paper's content.
  if (Object.keys(extra).length) rec.extra = extra;
  return rec;
}
