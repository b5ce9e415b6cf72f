import { ACCENTS, BLACKBOARD, DROPPED_WITH_ARGUMENT, FORMATTING, MATH_ACCENTS, SYMBOLS } from './latex-tables.js';

/**
 * Turns the simple LaTeX of titles and abstracts into display text with one left-to-right scan, so the time
 * stays linear even on a 5 MB line full of `$` or `\` (no regex backtracking over user text).
 */

// Escaped braces survive the final brace removal as these private-use characters.
const OPEN = '\uE000';
const CLOSE = '\uE001';
/** Longest inline math we believe; a longer `$...$` span is more likely two prices than a formula. */
const MAX_INLINE_MATH = 400;
const MAX_DISPLAY_MATH = 2000;
/** Longest `{...}` argument we look for; bounds the work per command on pathological input. */
const MAX_GROUP = 500;
/** How far back tieBefore looks: a URL token longer than this is not recognised as one. */
const TAIL = 200;

const isLetter = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z]$/.test(c);
const isSpaceCode = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

export function latexToText(input: string): string {
  const out = new Scanner(input, false).run();
  return out.replaceAll(OPEN, '{').replaceAll(CLOSE, '}');
}

class Scanner {
  private i = 0;
  /** Output pieces, joined in blocks: appending to one string made a rope of millions of nodes (800 MB for a 50 MB line). */
  private pieces: string[] = [];
  private readonly blocks: string[] = [];
  private tail = '';
  private readonly found = new Map<string, number>();

  constructor(
    private readonly s: string,
    private readonly math: boolean,
  ) {}

  run(): string {
    const s = this.s;
    // Copy plain runs in one slice; only the few special characters go through the handlers.
    const special = this.math ? /[\\{}$~^_]/g : /[\\{}$~]/g;
    while (this.i < s.length) {
      special.lastIndex = this.i;
      const m = special.exec(s);
      const at = m ? m.index : s.length;
      if (at > this.i) this.emit(s.slice(this.i, at));
      this.i = at;
      if (!m) break;
      const c = m[0];
      if (c === '\\') this.command();
      else if (c === '{' || c === '}') this.i++; // leftover grouping braces carry no text
      else if (c === '$') {
        if (this.math) this.i++; // a stray dollar inside math
        else this.dollar();
      }
      else if (c === '~') this.tilde();
      else this.script(c);
    }
    this.blocks.push(this.pieces.join(''));
    return this.blocks.join('');
  }

  private emit(text: string): void {
    // The last characters written, for tieBefore: kept short, so looking back costs the same on any line.
    this.tail = text.length >= TAIL ? text.slice(-TAIL) : (this.tail + text).slice(-TAIL);
    this.pieces.push(text);
    if (this.pieces.length >= 4096) {
      this.blocks.push(this.pieces.join(''));
      this.pieces = [];
    }
  }

  /**
   * `~` is LaTeX's tie between words (`Fig.~3`, `Section~2`, `et al.~\\cite`), but abstracts use it literally
   * for "about" and ranges (`~30%`, `1.3x~90.1x`): a tie only between a plain word and what follows it.
   */
  private tilde(): void {
    this.i++;
    if (!/[\p{L}\p{N}\\{$(]/u.test(this.s[this.i] ?? '') || !this.tieBefore()) this.emit('~');
    else this.emit(' ');
  }

  /**
   * Whether the text written so far ends in a plain word (`Fig.`, `Section`, `i.e.,`) outside a URL. The
   * written text, not the input: in `$k$~nearest` or `\emph{Section}~2` the word before the tie is output.
   */
  private tieBefore(): boolean {
    const tail = this.tail.slice(-30);
    const word = /[\p{L}.]+[,;:)\]]?$/u.exec(tail)?.[0] ?? '';
    const charBefore = tail[tail.length - word.length - 1] ?? '';
    if (word === '' || /\p{N}/u.test(charBefore)) return false; // `1.3x~90.1x` is a range of numbers
    const token = this.tail.split(/\s/).pop() ?? '';
    return !/:\/\/|www\./.test(token); // `https://host/~user` keeps its tilde
  }

  /** Next position of `token` at or after `from`, cached per token so repeated searches stay linear. */
  private find(token: string, from: number): number {
    const cached = this.found.get(token);
    if (cached !== undefined && (cached === -1 || cached >= from)) return cached;
    const at = this.s.indexOf(token, from);
    this.found.set(token, at);
    return at;
  }

  /** Inline math follows Pandoc's rule, so prices (`$5 and $10`) stay as written. */
  private dollar(): void {
    const s = this.s;
    const start = this.i;
    if (s[start + 1] === '$') {
      const close = this.find('$$', start + 2);
      if (close > start + 2 && close - start <= MAX_DISPLAY_MATH) {
        this.emit(latexMath(s.slice(start + 2, close)));
        this.i = close + 2;
        return;
      }
    } else if (!isSpaceCode(s.charCodeAt(start + 1))) {
      const close = this.find('$', start + 1);
      const ok =
        close > start + 1 &&
        close - start - 1 <= MAX_INLINE_MATH &&
        !isSpaceCode(s.charCodeAt(close - 1)) &&
        s[close - 1] !== '\\' &&
        !isDigitCode(s.charCodeAt(close + 1));
      const content = ok ? s.slice(start + 1, close) : '';
      // `$10, or US$` is two prices: math starting with a digit has operators or commands, not just words.
      if (ok && !(isDigitCode(content.charCodeAt(0)) && /\s/.test(content) && !/[\\^_=+<>]/.test(content))) {
        this.emit(latexMath(content));
        this.i = close + 1;
        return;
      }
    }
    this.emit('$');
    this.i = start + 1;
  }

  /** `^{n+1}` becomes `^(n+1)`, `^{2}` becomes `^2`: dollar signs go, the formula stays readable. */
  private script(c: string): void {
    this.i++;
    for (const degree of ['\\circ', '{\\circ}']) {
      if (c === '^' && this.s.startsWith(degree, this.i)) {
        this.emit('°'); // 360^\circ
        this.i += degree.length;
        return;
      }
    }
    const group = this.group();
    if (group === undefined) {
      this.emit(c);
      return;
    }
    const inner = latexMath(group).trim();
    this.emit(c + (/^-?[\p{L}\p{N}.]*$/u.test(inner) ? inner : `(${inner})`));
  }

  /** Reads a balanced `{...}` group at the cursor (after optional spaces); undefined when there is none. */
  private group(): string | undefined {
    const s = this.s;
    let j = this.i;
    while (s[j] === ' ') j++;
    if (s[j] !== '{') return undefined;
    const close = this.find('}', j);
    if (close === -1 || close - j > MAX_GROUP) return undefined; // no need to scan for a brace that is not there
    let depth = 0;
    for (let k = j; k < s.length && k - j <= MAX_GROUP; k++) {
      const ch = s[k];
      if (ch === '\\') {
        k++;
        continue;
      }
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        this.i = k + 1;
        return s.slice(j + 1, k);
      }
    }
    return undefined;
  }

  private skipOptionalArgument(): void {
    const s = this.s;
    if (s[this.i] !== '[') return;
    const close = s.indexOf(']', this.i);
    if (close !== -1 && close - this.i <= 200) this.i = close + 1;
  }

  private sub(text: string): string {
    return new Scanner(text, this.math).run();
  }

  private command(): void {
    const s = this.s;
    const next = s[this.i + 1];
    if (next === undefined) {
      this.i++;
      return;
    }
    if (!isLetter(next)) {
      this.i += 2;
      this.symbolCommand(next);
      return;
    }
    let j = this.i + 1;
    while (j < s.length && isLetter(s[j])) j++;
    const name = s.slice(this.i + 1, j);
    this.i = j;
    if (s[this.i] === '*') this.i++;
    this.wordCommand(name);
  }

  /** `\%`, `\&`, `\'e`, `\\`, `\,` ... */
  private symbolCommand(c: string): void {
    if (/['`^"~=.]/.test(c)) {
      this.accent(ACCENTS[c]);
      return;
    }
    if (c === '(' || c === '[') {
      this.delimitedMath(c === '(' ? '\\)' : '\\]', c);
      return;
    }
    if (c === '{') this.emit(OPEN);
    else if (c === '}') this.emit(CLOSE);
    else if (c === '\\' || c === ' ' || c === ',' || c === ';' || c === ':' || c === '>') this.emit(' ');
    else if (c === '|') this.emit('‖');
    else if (c === '-' || c === '!' || c === '/' || c === '@') {
      // discretionary hyphen, negative thin space, italic correction: no text
    } else this.emit(c); // \% \& \_ \# \$ and anything else escaped
  }

  /** `\\( x^2 \\)` and `\\[ ... \\]`: math like `$...$`. */
  private delimitedMath(closing: string, opening: string): void {
    const close = this.find(closing, this.i);
    if (close === -1 || close - this.i > MAX_DISPLAY_MATH) {
      this.emit(opening);
      return;
    }
    this.emit(latexMath(this.s.slice(this.i, close)));
    this.i = close + 2;
  }

  /** Puts a combining mark on the next letter: `\'e`, `\'{e}`, `{\"o}`, `\c c`, `\'{\i}`. */
  private accent(mark: string, allowSpace = false): boolean {
    const s = this.s;
    let j = this.i;
    if (allowSpace) while (s[j] === ' ') j++;
    let letter: string | undefined;
    let end = j;
    if (s[j] === '{') {
      const m = /^\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}/.exec(s.slice(j, j + 12));
      if (m) {
        letter = m[1];
        end = j + m[0].length;
      }
    } else if (s[j] === '\\' && (s[j + 1] === 'i' || s[j + 1] === 'j') && !isLetter(s[j + 2])) {
      letter = s.slice(j, j + 2);
      end = j + 2;
    } else if (isLetter(s[j])) {
      letter = s[j];
      end = j + 1;
    }
    if (letter === undefined) return false;
    const base = letter === '\\i' ? 'i' : letter === '\\j' ? 'j' : letter;
    this.emit((base + mark).normalize('NFC'));
    this.i = end;
    return true;
  }

  private wordCommand(name: string): void {
    // Letter accents (\c{c}, \v s) only count when an argument follows; otherwise \c... is another command.
    if (name.length === 1 && 'uvHckrdbt'.includes(name) && (this.s[this.i] === '{' || this.s[this.i] === ' ')) {
      if (name === 't' || this.accent(ACCENTS[name] ?? '', true)) return;
    }
    if (DROPPED_WITH_ARGUMENT.has(name)) {
      this.skipOptionalArgument();
      this.group();
      return;
    }
    if (name === 'href') {
      this.group();
      const text = this.group();
      if (text !== undefined) this.emit(this.sub(text));
      return;
    }
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
      const a = this.group();
      const b = this.group();
      if (a !== undefined && b !== undefined) this.emit(`${wrap(this.sub(a))}/${wrap(this.sub(b))}`);
      return;
    }
    if (name === 'sqrt') {
      this.skipOptionalArgument();
      const a = this.group();
      this.emit('√' + (a === undefined ? '' : wrap(this.sub(a))));
      return;
    }
    if (name === 'mathbb') {
      const a = this.group();
      if (a !== undefined) this.emit(Object.hasOwn(BLACKBOARD, a.trim()) ? BLACKBOARD[a.trim()] : this.sub(a));
      return;
    }
    if (Object.hasOwn(MATH_ACCENTS, name)) {
      const a = this.group();
      if (a === undefined) return;
      const inner = this.sub(a);
      this.emit(inner.length === 1 ? (inner + MATH_ACCENTS[name]).normalize('NFC') : inner);
      return;
    }
    if (Object.hasOwn(SYMBOLS, name)) {
      this.emit(SYMBOLS[name]);
      if (this.s.startsWith('{}', this.i)) this.i += 2; // `\o{}` and `\LaTeX{}` spell the empty group
      return;
    }
    if (FORMATTING.has(name)) return; // the argument that follows is kept, its braces dropped
    // Unknown command: with an argument keep the argument (`\foo{bar}` -> bar), alone keep its name (`\log`).
    if (this.s[this.i] !== '{') this.emit(name);
  }
}

function wrap(text: string): string {
  const t = text.trim();
  return t.length <= 1 || /^[\p{L}\p{N}.]+$/u.test(t) ? t : `(${t})`;
}

function latexMath(content: string): string {
  return new Scanner(content, true).run().replaceAll(OPEN, '{').replaceAll(CLOSE, '}');
}
