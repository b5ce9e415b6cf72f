import type { Database } from 'better-sqlite3';
import { matchKeys, paperNames } from '../../corpus/dedupe.js';
import type { Paper } from '../../corpus/paper.js';
import { UserError } from '../../errors.js';

/** Bump when the schema changes, and add the step from the previous version to MIGRATIONS. */
export const SCHEMA_VERSION = 5;

const V1 = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- rowid is the paper's label in the HNSW file. AUTOINCREMENT: a removed paper's label is never reused.
CREATE TABLE papers (
  rowid        INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT NOT NULL UNIQUE,
  title        TEXT NOT NULL,
  abstract     TEXT NOT NULL,
  authors      TEXT NOT NULL,          -- names joined by '; ' (for display and --author)
  year         INTEGER,
  categories   TEXT NOT NULL,          -- JSON array
  has_code     INTEGER,
  content_hash TEXT NOT NULL,          -- hash of the embedded text; keys the embeddings cache
  doc          TEXT NOT NULL,          -- the whole Paper as JSON, source file and line included
  added_at     TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX papers_year ON papers(year);
CREATE INDEX papers_hash ON papers(content_hash);

-- BM25 over title + abstract, porter-stemmed; external content so the text is stored once.
-- Only the first 4,000 characters of an abstract are indexed (arXiv caps abstracts at 1,920): FTS5's
-- BM25 normalises by the whole row's length, so a 100,000-character abstract would otherwise bury even
-- an exact title match.
CREATE VIRTUAL TABLE papers_fts USING fts5(
  title, abstract, content='papers', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER papers_ai AFTER INSERT ON papers BEGIN
  INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.rowid, new.title, substr(new.abstract, 1, 4000));
END;
CREATE TRIGGER papers_ad AFTER DELETE ON papers BEGIN
  INSERT INTO papers_fts(papers_fts, rowid, title, abstract) VALUES ('delete', old.rowid, old.title, substr(old.abstract, 1, 4000));
END;
CREATE TRIGGER papers_au AFTER UPDATE OF title, abstract ON papers BEGIN
  INSERT INTO papers_fts(papers_fts, rowid, title, abstract) VALUES ('delete', old.rowid, old.title, substr(old.abstract, 1, 4000));
  INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.rowid, new.title, substr(new.abstract, 1, 4000));
END;

-- Embeddings cache: the same text under the same model is never embedded twice, even after removal.
-- A rowid table on purpose: WITHOUT ROWID stores 1.5 KB rows in overflow pages inside the key b-tree,
-- which made the table 2.9x its data and cache lookups 7x slower.
CREATE TABLE embeddings (
  model        TEXT NOT NULL,          -- model id @ dtype
  content_hash TEXT NOT NULL,
  vector       BLOB NOT NULL,          -- Float32, little-endian, unit length
  PRIMARY KEY (model, content_hash)
);

CREATE TABLE themes (
  id              INTEGER PRIMARY KEY,  -- 0 = largest theme
  label           TEXT NOT NULL,
  size            INTEGER NOT NULL,
  keywords        TEXT NOT NULL,        -- JSON [{term, score}]
  representatives TEXT NOT NULL,        -- JSON [paper id]
  cohesion        REAL NOT NULL,        -- mean cosine of members to the centroid
  centroid        BLOB NOT NULL,
  neighbors       TEXT NOT NULL         -- JSON [{theme, similarity}]
);
CREATE TABLE theme_members (
  paper_rowid INTEGER PRIMARY KEY REFERENCES papers(rowid) ON DELETE CASCADE,
  theme_id    INTEGER NOT NULL,
  similarity  REAL NOT NULL,            -- cosine to the theme centroid
  between_a   INTEGER,                  -- set when the paper sits between two themes
  between_b   INTEGER,
  margin      REAL
);
CREATE INDEX theme_members_theme ON theme_members(theme_id, similarity DESC);
`;

/**
 * v2: the keys that make two records one paper (id, arXiv id, DOI, title + abstract), so a paper stored by
 * an earlier ingest is recognised when another export names it differently. Filled from the stored papers.
 */
function toV2(db: Database): void {
  db.exec(`
    CREATE TABLE paper_keys (
      key         TEXT PRIMARY KEY,
      paper_rowid INTEGER NOT NULL REFERENCES papers(rowid) ON DELETE CASCADE
    ) WITHOUT ROWID;
    CREATE INDEX paper_keys_paper ON paper_keys(paper_rowid);
  `);
  const insert = db.prepare('INSERT OR IGNORE INTO paper_keys(key, paper_rowid) VALUES (?, ?)');
  eachStoredPaper(db, (rowid, paper) => {
    for (const key of matchKeys(paper)) insert.run(key, rowid);
  });
}

/**
 * v3: the names a paper goes by that are not unique keys: a source's own id (`mypaper-1` in a JSON Lines file,
 * a BibTeX key), which two files may both use for different papers. `similar` and `remove` take them; dedupe
 * never does. Older indexes kept them in the paper's extra fields (`id`, `bibtexKey`): they become names.
 */
function toV3(db: Database): void {
  db.exec(`
    CREATE TABLE paper_names (
      name        TEXT NOT NULL COLLATE NOCASE,
      paper_rowid INTEGER NOT NULL REFERENCES papers(rowid) ON DELETE CASCADE,
      PRIMARY KEY (name, paper_rowid)
    ) WITHOUT ROWID;
    CREATE INDEX paper_names_paper ON paper_names(paper_rowid);
  `);
  const insert = db.prepare('INSERT OR IGNORE INTO paper_names(name, paper_rowid) VALUES (?, ?)');
  eachStoredPaper(db, (rowid, paper) => {
    const old = [paper.extra?.id, paper.extra?.bibtexKey].filter((v): v is string => typeof v === 'string');
    for (const name of [...paperNames(paper), ...old]) insert.run(name, rowid);
  });
}

/**
 * v4: sub-themes. Each theme of 40+ papers is split with the same machinery; its sub-themes are numbered
 * from 1 within the theme (shown `3.1`), and each member keeps its sub-theme and the cosine to its centroid.
 * Themes stored before have none until the next `themes` run, which computes them.
 */
function toV4(db: Database): void {
  db.exec(`
    CREATE TABLE subthemes (
      theme_id        INTEGER NOT NULL,
      id              INTEGER NOT NULL,     -- 1 = the theme's largest sub-theme
      label           TEXT NOT NULL,
      size            INTEGER NOT NULL,
      keywords        TEXT NOT NULL,        -- JSON [{term, score}], against the sibling sub-themes
      representatives TEXT NOT NULL,        -- JSON [paper id]
      cohesion        REAL NOT NULL,
      centroid        BLOB NOT NULL,
      neighbors       TEXT NOT NULL,        -- JSON [{theme: sibling id, similarity}]
      PRIMARY KEY (theme_id, id)
    );
    ALTER TABLE theme_members ADD COLUMN subtheme_id INTEGER;   -- NULL when the theme was not split
    ALTER TABLE theme_members ADD COLUMN sub_similarity REAL;   -- cosine to the sub-theme centroid
    CREATE INDEX theme_members_sub ON theme_members(theme_id, subtheme_id, sub_similarity DESC);
  `);
}

/**
 * v5: papers ingested after a themes run are placed in their nearest theme and sub-theme at once, marked
 * `assigned` (not fitted: the centroids did not move for them). `far_below` is the cosine under which only the
 * 5% of a theme's fitted members least like it sit: placed papers under it are far from every theme.
 */
function toV5(db: Database): void {
  db.exec(`
    ALTER TABLE theme_members ADD COLUMN assigned INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE themes ADD COLUMN far_below REAL;
  `);
}

/** Every stored paper, in pages by rowid: better-sqlite3 refuses writes while a read is being iterated. */
function eachStoredPaper(db: Database, fn: (rowid: number, paper: Paper) => void): void {
  const page = db.prepare('SELECT rowid, id, title, abstract, doc FROM papers WHERE rowid > ? ORDER BY rowid LIMIT 1000');
  for (let after = 0; ; ) {
    const rows = page.all(after) as { rowid: number; id: string; title: string; abstract: string; doc: string }[];
    if (rows.length === 0) break;
    for (const row of rows) fn(row.rowid, { ...(JSON.parse(row.doc) as object), id: row.id, title: row.title, abstract: row.abstract } as Paper);
    after = rows[rows.length - 1].rowid;
  }
}

/** Each entry upgrades the schema from version i+1 to i+2; a new index is made by V1 and every step. */
const MIGRATIONS: ((db: Database) => void)[] = [toV2, toV3, toV4, toV5];

export function createSchema(db: Database): void {
  db.exec(V1);
  for (const step of MIGRATIONS) step(db);
}

/** Brings an older index up to date inside one transaction; refuses a newer one. */
export function migrate(db: Database, found: number, dir: string): void {
  if (found === SCHEMA_VERSION) return;
  if (found > SCHEMA_VERSION) {
    throw new UserError(
      `index ${dir} was written by a newer paperscope (schema ${found}, this version reads up to ${SCHEMA_VERSION})`,
      'upgrade paperscope (npm install paperscope@latest), or point --index at another directory',
    );
  }
  if (found < 1 || !Number.isInteger(found)) {
    throw new UserError(`index ${dir} has an unknown schema version "${found}"`, 'the database may be damaged; rebuild it with paperscope ingest into a new --index');
  }
  db.transaction(() => {
    for (let v = found; v < SCHEMA_VERSION; v++) MIGRATIONS[v - 1](db);
    db.prepare(`UPDATE meta SET value = ? WHERE key = 'schema_version'`).run(String(SCHEMA_VERSION));
  })();
}
