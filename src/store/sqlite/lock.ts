import { linkSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { isProcessAlive } from '../../system.js';

export const LOCK_FILE = 'write.lock';

/** Held by the one process allowed to write an index. Readers never take it. */
export interface WriteLock {
  release(): void;
}

/**
 * Takes the index's write lock, or fails with "index is locked by pid N". A lock whose process is gone
 * (killed, crashed) is taken over: the pid in the file is checked, not the file's mere existence.
 */
export function acquireWriteLock(dir: string, command: string): WriteLock {
  const path = join(dir, LOCK_FILE);
  const body = JSON.stringify({ pid: process.pid, command, since: new Date().toISOString() });
  // The body is written first and then hard-linked into place, so a lock file is never seen half-written.
  const draft = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(draft, body);
  } catch (err) {
    rmSync(draft, { force: true });
    throw err;
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(draft, path);
        return makeLock(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      takeOverIfStale(dir, path);
    }
  } finally {
    unlinkSync(draft);
  }
  throw new UserError(`could not take the write lock of index ${dir}`, `if no paperscope command is running, delete ${path}`);
}

function takeOverIfStale(dir: string, path: string): void {
  const holder = readHolder(path);
  if (holder && holder.pid !== process.pid && isProcessAlive(holder.pid)) {
    throw new UserError(
      `index ${dir} is locked by pid ${holder.pid} (${holder.command ?? 'a writer'} since ${holder.since ?? 'unknown'})`,
      'wait for that command to finish, then run this one again',
    );
  }
  // Stale: move it aside. If another process replaced it with a live lock in the meantime, we moved
  // the wrong file: put it back and let the caller look again.
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  const moved = readHolder(aside);
  if (moved && holder && moved.pid !== holder.pid) {
    try {
      linkSync(aside, path);
    } catch {
      // A third process got in; its lock stands.
    }
  }
  unlinkSync(aside);
}

/**
 * Releases of the locks this process holds, run on exit too (a crash or process.exit must not leave a
 * lock behind that only its dead pid marks as stale). One 'exit' listener while any lock is held, not
 * one per write: a long-lived process writes thousands of times.
 */
const held = new Set<() => void>();
const releaseAll = () => {
  for (const release of [...held]) release();
};

function makeLock(path: string): WriteLock {
  const release = () => {
    if (!held.delete(release)) return;
    if (held.size === 0) process.off('exit', releaseAll);
    try {
      const holder = readHolder(path);
      if (holder?.pid === process.pid) unlinkSync(path);
    } catch {
      // Already gone: nothing to release.
    }
  };
  if (held.size === 0) process.on('exit', releaseAll);
  held.add(release);
  return { release };
}

interface LockHolder {
  pid: number;
  command?: string;
  since?: string;
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' ? (parsed as LockHolder) : undefined;
  } catch {
    return undefined; // Unreadable or half-written lock: treat as stale.
  }
}
