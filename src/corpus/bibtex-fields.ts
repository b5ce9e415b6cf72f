/**
 * Takes long free-text fields (title, abstract) out of a BibTeX entry before the entry goes to
 * @retorquere/bibtex-parser. That parser runs every field through a full LaTeX grammar, which costs about
 * 15 ms for a typical abstract and grows faster than linearly (a 100,000-character abstract takes seconds).
 * The raw text of these fields is all paperscope needs anyway: cleanText does the rest.
 */

const FIELD_NAME = /\s*([A-Za-z][\w:.+-]*)\s*=\s*/y;

export interface TakenFields {
  /** The entry without the taken fields. */
  rest: string;
  /** Raw values (without their outer braces or quotes), by lower-cased field name. */
  values: Map<string, string>;
}

export function takeFields(entry: string, names: ReadonlySet<string>): TakenFields {
  const values = new Map<string, string>();
  const open = entry.search(/[{(]/);
  if (open === -1) return { rest: entry, values };
  const kept: string[] = [];
  let keptFrom = 0;
  let i = entry.indexOf(',', open); // the citation key ends at the first comma
  while (i !== -1 && i < entry.length) {
    FIELD_NAME.lastIndex = i + 1;
    const m = FIELD_NAME.exec(entry);
    if (!m) break;
    const valueStart = FIELD_NAME.lastIndex;
    const end = valueEnd(entry, valueStart);
    if (end === -1) break; // unbalanced: leave the rest to the parser, which reports it
    const name = m[1].toLowerCase();
    const delimited = entry[valueStart] === '{' || entry[valueStart] === '"';
    if (names.has(name) && delimited && !values.has(name) && isWholeValue(entry, end)) {
      values.set(name, entry.slice(valueStart + 1, end - 1));
      kept.push(entry.slice(keptFrom, i));
      keptFrom = end;
    }
    i = nextComma(entry, end);
  }
  kept.push(entry.slice(keptFrom));
  return { rest: kept.join(''), values };
}

/** End (exclusive) of the value starting at `at`: a balanced `{...}`, a `"..."`, or a bare word. */
function valueEnd(s: string, at: number): number {
  if (s[at] === '{') return balancedEnd(s, at);
  if (s[at] === '"') {
    let depth = 0;
    for (let k = at + 1; k < s.length; k++) {
      const c = s[k];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '"' && depth === 0 && s[k - 1] !== '\\') return k + 1;
    }
    return -1;
  }
  let k = at;
  while (k < s.length && /[\w:.+-]/.test(s[k])) k++;
  return k;
}

function balancedEnd(s: string, at: number): number {
  let depth = 0;
  for (let k = at; k < s.length; k++) {
    const c = s[k];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return k + 1;
  }
  return -1;
}

/** The value ends the field unless `#` concatenates more: then the parser must see it whole. */
function isWholeValue(s: string, end: number): boolean {
  let k = end;
  while (k < s.length && /\s/.test(s[k])) k++;
  return s[k] !== '#';
}

/** The comma after a value, skipping `# "more"` concatenations; -1 at the end of the entry. */
function nextComma(s: string, from: number): number {
  for (let k = from; k < s.length; k++) {
    const c = s[k];
    if (c === ',') return k;
    if (c === '}' || c === ')') return -1;
    if (c === '{' || c === '"') {
      const end = valueEnd(s, k);
      if (end === -1) return -1;
      k = end - 1;
    }
  }
  return -1;
}
