import { UserError } from '../errors.js';

/** `4..30` -> [4, 30]. */
export function parseKRange(text: string): [number, number] {
  const m = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UserError(`bad --k-range "${text}"`, 'write it as a..b, e.g. --k-range 4..30');
  const range: [number, number] = [Number(m[1]), Number(m[2])];
  if (range[0] < 1 || range[0] > range[1]) throw new UserError(`bad --k-range "${text}"`, 'both ends at least 1, the first no larger than the second');
  return range;
}
