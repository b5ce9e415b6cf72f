/**
 * An error the user caused and can fix (bad file, unknown model, missing model offline, empty query,
 * corrupted index...). The CLI prints `message` (and `hint` on a second line) without a stack trace
 * and exits non-zero. Anything that is not a UserError is a bug and keeps its stack trace.
 */
export class UserError extends Error {
  readonly hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'UserError';
    this.hint = hint;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/**
 * Operating-system errors a user can fix (a full disk, a read-only or forbidden path) as UserErrors;
 * anything else stays what it is.
 */
export function asUserError(err: unknown): unknown {
  if (err instanceof UserError) return err;
  const e = err as NodeJS.ErrnoException;
  const where = e?.path ? ` (${e.path})` : '';
  switch (e?.code) {
    case 'ENOSPC':
      return new UserError(`no space left on the device${where}; nothing was written`, 'free some disk space and run the command again');
    case 'EDQUOT':
      return new UserError(`disk quota exceeded${where}; nothing was written`, 'free some space and run the command again');
    case 'EACCES':
    case 'EPERM':
      return new UserError(`permission denied${where}`, 'check that you may read and write that path');
    case 'EROFS':
      return new UserError(`read-only file system${where}`, 'choose a writable location');
    default:
      return err;
  }
}
