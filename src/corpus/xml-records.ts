import { SaxesParser } from 'saxes';
import { UserError } from '../errors.js';

/**
 * Streams the record elements (`<entry>` of an Atom feed, `<PubmedArticle>` of a PubMed set) out of an XML
 * file with saxes, a strict streaming parser: only the record being read is held, as a small tree, so a
 * 2 GB PubMed baseline file reads in the memory of one article.
 */

export interface XmlElement {
  /** Local name: the namespace prefix is dropped (`arxiv:doi` -> `doi`). */
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

export interface XmlRecord {
  element: XmlElement;
  /** Line of the record's start tag. */
  line: number;
}

/** A record this large is a file whose record never closes; refusing keeps memory bounded. */
const MAX_RECORD_CHARS = 32 * 1024 * 1024;

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

export async function* xmlRecords(chunks: AsyncIterable<string>, file: string, recordName: string): AsyncGenerator<XmlRecord> {
  const parser = new SaxesParser({ position: true });
  const done: XmlRecord[] = [];
  // The open elements of the record being read, outermost first; empty between records.
  const open: XmlElement[] = [];
  let recordLine = 0;
  let size = 0;
  const addText = (text: string): void => {
    if (open.length === 0) return;
    open[open.length - 1].children.push(text);
    size += text.length;
  };
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (open.length === 0 && name !== recordName) return;
    const element: XmlElement = { name, attrs: tag.attributes as Record<string, string>, children: [] };
    if (open.length === 0) {
      recordLine = parser.line;
      size = 0;
    } else open[open.length - 1].children.push(element);
    open.push(element);
  });
  parser.on('closetag', () => {
    if (open.length === 0) return;
    const element = open.pop()!;
    if (open.length === 0) done.push({ element, line: recordLine });
  });
  parser.on('text', addText);
  parser.on('cdata', addText);
  try {
    for await (const chunk of chunks) {
      parser.write(chunk);
      yield* done.splice(0);
      if (size > MAX_RECORD_CHARS) {
        throw new UserError(
          `${file}:${recordLine}: this <${recordName}> runs on for more than ${MAX_RECORD_CHARS / 1024 / 1024} MB.`,
          'The XML is probably damaged (an element that never closes); check the file.',
        );
      }
    }
    parser.close();
    yield* done.splice(0);
  } catch (err) {
    // saxes reports `line:column: message`; its messages are clear enough to show.
    const m = err instanceof Error && !(err instanceof UserError) ? /^(\d+):\d+: (.*)$/s.exec(err.message) : null;
    if (!m) throw err;
    throw new UserError(`${file}:${m[1]}: not well-formed XML (${m[2]}).`, 'The file may be cut off or damaged; download or export it again.');
  }
}

/** The first child element of that name. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name) : [];
}

/** All text inside, markup dropped (`Na<sup>+</sup> channels` -> `Na+ channels`). */
export function textOf(el: XmlElement | undefined): string {
  if (!el) return '';
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** The text of the first child of that name, or undefined when it is missing or blank. */
export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const t = textOf(child(el, name)).trim();
  return t === '' ? undefined : t;
}
