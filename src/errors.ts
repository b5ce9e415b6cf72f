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
