/** `npm run docs`: writes the README's generated tables (options of each command, environment) from the declarations. */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withReference } from '../src/cli/reference.js';

const README = join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
const before = readFileSync(README, 'utf8');
const after = withReference(before);
writeFileSync(README, after);
process.stdout.write(after === before ? 'README.md is up to date\n' : 'README.md updated\n');
