import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Where `replaceFileAtomically` writes `path` first: beside it (a rename never crosses file systems), hidden, tagged with the writer's pid. */
export function temporaryPathFor(path: string, pid = process.pid): string {
  return join(dirname(path), `.${basename(path)}.tmp-${pid}`);
}

/**
 * Replaces `path` whole: `fill(tmp)` writes a temporary file beside it, which is flushed to disk and then
 * renamed into place, so a reader sees the old file or the new one, never half of one, even if this
 * process dies mid-write. The temporary file is removed when any step fails; the error is rethrown as is.
 * `fill` takes a path rather than bytes because some writers (hnswlib) only write to a path.
 */
export function replaceFileAtomically(path: string, fill: (tmpPath: string) => void): Stats {
  const tmp = temporaryPathFor(path);
  try {
    fill(tmp);
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    return statSync(path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

export function writeTextFileAtomically(path: string, content: string): Stats {
  return replaceFileAtomically(path, (tmp) => writeFileSync(tmp, content, { mode: 0o644 }));
}
