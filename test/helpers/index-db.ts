import Database from 'better-sqlite3';
import { join } from 'node:path';

/** Looks inside an index's database directly: what a user's data really is, not what the CLI says. */
export function inspectIndex(indexDir: string): { papers: number; papersWithVector: number; ids: Set<string> } {
  const db = new Database(join(indexDir, 'paperscope.db'), { readonly: true });
  try {
    const papers = (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
    const model = (db.prepare(`SELECT value FROM meta WHERE key = 'model_id'`).get() as { value: string } | undefined)?.value;
    const dtype = (db.prepare(`SELECT value FROM meta WHERE key = 'dtype'`).get() as { value: string } | undefined)?.value;
    const papersWithVector = model
      ? (db.prepare('SELECT count(*) AS n FROM papers p JOIN embeddings e ON e.model = ? AND e.content_hash = p.content_hash').get(`${model}@${dtype}`) as { n: number }).n
      : 0;
    const ids = new Set((db.prepare('SELECT id FROM papers').all() as { id: string }[]).map((r) => r.id));
    return { papers, papersWithVector, ids };
  } finally {
    db.close();
  }
}
