import { CommanderError } from 'commander';

/** Options that are each valid but not together: a usage error (exit 2), like the ones commander finds. */
export class UsageError extends CommanderError {
  constructor(message: string) {
    super(2, 'paperscope.usage', `error: ${message}`);
  }
}
