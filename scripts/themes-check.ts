/**
 * `npx tsx scripts/themes-check.ts <index dir>`: how sub-themes, placement and refits behave on a real index (the
 * README's "Sub-themes, placement and refits" figures). The index must hold papers with `categories` and `date`
 * (the arXiv file of ../shared/data) embedded with real weights; it is only read.
 *
 * - sub-themes: size-weighted NMI of each theme's sub-themes against the papers' primary categories inside that
 *   theme (and the same with sub-theme labels shuffled), and how many sub-theme labels start with a generic word;
 * - placement: the latest papers by date placed in the themes fitted without them, then a refit on all papers
 *   (k fixed, ids matched by overlap): how often placed papers land in the refit's theme, how often fitted papers
 *   keep theirs, how many ids are kept; and the same papers refitted with another seed as the noise floor.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { computeThemes } from '../src/themes/index.js';
import { placePapers } from '../src/themes/place.js';
import { renumberThemes, stableIds } from '../src/themes/stable-ids.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npx tsx scripts/themes-check.ts <index dir>');
  process.exit(2);
}
const db = new Database(join(dir, 'paperscope.db'), { readonly: true });
const rows = db
  .prepare(
    `SELECT p.title, p.abstract, p.categories, json_extract(p.doc, '$.date') AS date, e.vector FROM papers p
     JOIN embeddings e ON e.content_hash = p.content_hash ORDER BY date, p.rowid`,
  )
  .all() as { title: string; abstract: string; categories: string; date: string | null; vector: Buffer }[];
const n = rows.length;
const dims = rows[0].vector.byteLength / 4;
const vectors = new Float32Array(n * dims);
rows.forEach((r, i) => vectors.set(new Float32Array(r.vector.buffer, r.vector.byteOffset, dims), i * dims));
const texts = rows.map((r) => ({ title: r.title, abstract: r.abstract }));
const primary = rows.map((r) => (JSON.parse(r.categories) as string[])[0] ?? '?');
const GENERIC = new Set(['model', 'models', 'data', 'dataset', 'learning', 'task', 'tasks', 'method', 'network', 'feature', 'features']);

function nmi(a: ArrayLike<number | string>, b: ArrayLike<number | string>): number {
  const m = a.length;
  const count = (xs: ArrayLike<number | string>) => {
    const c = new Map<string, number>();
    for (let i = 0; i < m; i++) c.set(String(xs[i]), (c.get(String(xs[i])) ?? 0) + 1);
    return c;
  };
  const [ca, cb] = [count(a), count(b)];
  const joint = new Map<string, number>();
  for (let i = 0; i < m; i++) joint.set(`${a[i]}\u0000${b[i]}`, (joint.get(`${a[i]}\u0000${b[i]}`) ?? 0) + 1);
  const h = (c: Map<string, number>) => -[...c.values()].reduce((s, x) => s + (x / m) * Math.log(x / m), 0);
  let mi = 0;
  for (const [key, x] of joint) {
    const [u, v] = key.split('\u0000');
    mi += (x / m) * Math.log((x * m) / (ca.get(u)! * cb.get(v)!));
  }
  const [ha, hb] = [h(ca), h(cb)];
  return ha === 0 || hb === 0 ? 0 : (2 * mi) / (ha + hb);
}

function shuffled<T>(xs: T[]): T[] {
  let s = 7;
  const random = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const started = performance.now();
const r = computeThemes(vectors, dims, (i) => texts[i]);
console.log(`${n} papers: k ${r.k}, ${r.subthemes.length} themes split; ${((performance.now() - started) / 1000).toFixed(1)} s (sub-themes ${(r.timings.subthemesMs / 1000).toFixed(1)} s)`);
let weighted = 0;
let weightedShuffled = 0;
let members = 0;
let labels = 0;
let generic = 0;
for (const s of r.subthemes) {
  const idx = [...r.assignment.keys()].filter((i) => r.assignment[i] === s.parent);
  const sub = idx.map((i) => r.subassignment[i]);
  const cats = idx.map((i) => primary[i]);
  weighted += nmi(sub, cats) * idx.length;
  weightedShuffled += nmi(shuffled(sub), cats) * idx.length;
  members += idx.length;
  console.log(`[${s.parent}] ${r.themes[s.parent].label} (${idx.length}): ${s.themes.map((t) => `${s.parent}.${t.id} ${t.label} (${t.size})`).join('; ')}`);
  for (const t of s.themes) {
    labels++;
    if (GENERIC.has(t.label.split(' · ')[0])) generic++;
  }
}
console.log(`sub-themes vs primary category inside their theme: NMI ${(weighted / members).toFixed(3)} (shuffled ${(weightedShuffled / members).toFixed(3)}); labels starting with a generic word: ${generic} of ${labels}`);

const k = r.k;
const fixed = { k, minSubthemePapers: Infinity } as const;
const all = computeThemes(vectors, dims, (i) => texts[i], fixed);
const reseeded = computeThemes(vectors, dims, (i) => texts[i], { ...fixed, seed: 7 });
const matched = stableIds(reseeded.assignment, k, all.assignment);
const again = renumberThemes(reseeded, matched.idOf).assignment;
console.log(`noise floor, the same papers refitted with another seed: ${pct(again.filter((t, i) => t === all.assignment[i]).length, n)} keep their theme, ids kept ${matched.kept}/${k}`);
for (const share of [0.05, 0.1, 0.2, 0.3]) {
  const old = Math.round(n * (1 - share));
  const fit = computeThemes(vectors.subarray(0, old * dims), dims, (i) => texts[i], fixed);
  const placed = placePapers(vectors.subarray(old * dims), dims, fit.themes.map((t) => t.centroid), new Map());
  const refit = computeThemes(vectors, dims, (i) => texts[i], fixed);
  const m = stableIds(refit.assignment, k, Int32Array.from({ length: n }, (_, i) => (i < old ? fit.assignment[i] : -1)));
  const ids = renumberThemes(refit, m.idOf).assignment;
  let newSame = 0;
  for (let i = old; i < n; i++) if (ids[i] === placed.theme[i - old]) newSame++;
  let oldSame = 0;
  for (let i = 0; i < old; i++) if (ids[i] === fit.assignment[i]) oldSame++;
  console.log(`latest ${(100 * share).toFixed(0)}% placed: in the refit's theme ${pct(newSame, n - old)}; fitted papers keep theirs ${pct(oldSame, old)}; ids kept ${m.kept}/${k}`);
}

function pct(a: number, b: number): string {
  return `${((100 * a) / b).toFixed(1)}%`;
}
