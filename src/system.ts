/** What the machine and the process offer: threads to use, and whether another process is alive. */
import { availableParallelism } from 'node:os';

/** Threads for inference and parallel search: PAPERSCOPE_THREADS when set to a positive integer, else every core. */
export function configuredThreads(): number {
  const n = Number(process.env.PAPERSCOPE_THREADS);
  return Number.isInteger(n) && n > 0 ? n : availableParallelism();
}

/** Whether a process with this pid exists (EPERM: it does, but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
