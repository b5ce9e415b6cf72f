import type { HnswState, PaperInfo } from '../../api.js';
import type { OptionValues } from '../../options/spec.js';
import type { INDEX_COMMAND } from '../command-options.js';
import { authorLine, formatBytes, isTruncated, printer, type Printer } from '../format.js';
import { indexFor } from '../open.js';
import { Progress } from '../progress.js';
import type { Terminal } from '../terminal.js';

export async function infoCommand(paper: string | undefined, values: OptionValues<typeof INDEX_COMMAND>, term: Terminal): Promise<void> {
  const p = printer(term);
  const { out, json } = p;
  const index = indexFor(values, term);
  try {
    if (paper !== undefined) {
      printPaperInfo(p, await index.paperInfo(paper), values.json);
      return;
    }
    const info = await index.info();
    if (values.json) {
      json(info);
      return;
    }
    out(`index     ${info.dir}`);
    out(`papers    ${info.papers}`);
    out(`model     ${info.model ? `${info.model.id} (${info.model.dtype}, ${info.model.dims} dims)` : 'none yet'}`);
    out(`database  ${formatBytes(info.sizes.databaseBytes)} (${info.cachedEmbeddings} cached embeddings)`);
    if (info.hnsw) {
      const state = HNSW_STATE[info.hnsw.state];
      out(`hnsw      ${formatBytes(info.sizes.hnswBytes)}, ${info.hnsw.vectors} vectors, M=${info.hnsw.m} efConstruction=${info.hnsw.efConstruction} ef=${info.hnsw.ef} (${state})`);
    }
    if (info.themes) {
      const t = info.themes;
      const since = t.refresh ? `; ${t.refresh.reason}${t.refresh.recommended ? ': run paperscope themes --refresh' : ''}` : t.stale ? '; stale: papers changed since, run paperscope themes --refresh' : '';
      out(`themes    ${t.count} (computed ${t.computedAt ?? '?'}${since})`);
    }
    else out('themes    none yet (paperscope themes)');
    out(`created   ${info.createdAt ?? '?'}`);
    out(`updated   ${info.updatedAt ?? 'never'}`);
  } finally {
    await index.close();
  }
}

const HNSW_STATE: Record<HnswState, string> = {
  fresh: 'up to date',
  behind: 'behind the database (an ingest was interrupted): searches are exact until the next ingest or paperscope reindex rebuilds it',
  missing: 'missing: searches fail until paperscope reindex rebuilds it',
  damaged: 'damaged or truncated: run paperscope reindex to rebuild it from the stored vectors',
};

function printPaperInfo({ out, json: printJson }: Printer, found: PaperInfo[], json?: boolean): void {
  if (json) {
    printJson(found.length === 1 ? found[0] : found);
    return;
  }
  if (found.length > 1) out(`${found.length} papers go by that name:\n`);
  for (const { paper: p, names, addedAt, updatedAt, embedded } of found) {
    out(p.title);
    out(`  ${authorLine(p.authors, isTruncated(p.extra), 8)}`);
    const meta = [p.date, p.categories?.join(' '), p.doi && `doi ${p.doi}`].filter(Boolean).join(' · ');
    if (meta) out(`  ${meta}`);
    out(`  id ${p.id}${names.length > 1 ? `; also found by ${names.filter((n) => n !== p.id).join(', ')}` : ''}`);
    out(`  sources: ${p.sources.map((s) => `${s.file}:${s.line} (${s.format})`).join(', ')}`);
    out(`  added ${addedAt}, updated ${updatedAt}${embedded ? '' : ' · not embedded yet (run paperscope ingest again)'}`);
    out('');
  }
}

export async function removeCommand(ids: string[], values: OptionValues<typeof INDEX_COMMAND>, term: Terminal): Promise<void> {
  const { out, json } = printer(term);
  const index = indexFor(values, term);
  try {
    const result = await index.remove(ids);
    if (values.json) json(result);
    else out(`removed ${result.removed.length} paper${result.removed.length === 1 ? '' : 's'}; ${result.papersInIndex} left`);
  } finally {
    await index.close();
  }
}

export async function reindexCommand(_: undefined, values: OptionValues<typeof INDEX_COMMAND>, term: Terminal): Promise<void> {
  const { out, json } = printer(term);
  const index = indexFor(values, term);
  const progress = new Progress(term, 'rebuilding HNSW');
  try {
    const result = await index.reindex((done, total) => progress.update(done, total));
    progress.stop();
    if (values.json) json(result);
    else out(`rebuilt the vector index: ${result.vectors} vectors, ${formatBytes(result.bytes)}, ${result.seconds.toFixed(1)} s`);
  } finally {
    progress.stop();
    await index.close();
  }
}
