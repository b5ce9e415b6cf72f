/**
 * The only ways the page puts text on screen: textContent, and href for web links. Paper text is
 * scraped from the web and must never be parsed as HTML.
 */
export function createDom() {
  function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function byId<T extends HTMLElement = HTMLElement>(id: string): T {
    const node = document.getElementById(id);
    if (!node) throw new Error(`report page is missing #${id}`);
    return node as T;
  }

  /** A link only for http(s) URLs; anything else (javascript:, data:) stays plain text. */
  function webLink(url: string, text: string, className = 'link'): HTMLElement {
    if (!/^https?:\/\//i.test(url)) return el('span', className, text);
    const a = el('a', className, text);
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }

  /** Makes a non-button element act like one for keyboard users too. */
  function clickable<T extends HTMLElement>(node: T, onActivate: (event: Event) => void): T {
    node.tabIndex = 0;
    node.setAttribute('role', 'button');
    node.addEventListener('click', onActivate);
    node.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onActivate(event);
      }
    });
    return node;
  }

  function formatCount(n: number): string {
    return n.toLocaleString('en-US');
  }

  function truncate(text: string, max: number): string {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
  }

  return { el, byId, webLink, clickable, formatCount, truncate };
}

export type Dom = ReturnType<typeof createDom>;
