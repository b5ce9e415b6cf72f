/** What PubMed's two export formats (MEDLINE text and PubMed XML) share. */

/** PubMed XML splits structured abstracts into labelled sections; MEDLINE text writes them `LABEL: text`. Both read the same. */
export function structuredAbstract(sections: { label?: string; text: string }[]): string | undefined {
  const parts = sections.map((s) => (s.label && s.label.toUpperCase() !== 'UNLABELLED' ? `${s.label}: ${s.text.trim()}` : s.text.trim())).filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

export function pubmedUrl(pmid: string): string {
  return `https://pubmed.ncbi.nlm.nih.gov/${pmid}/`;
}

/** `10.1038/s41586-023-06789-1 [doi]` (MEDLINE LID and AID lines) -> the DOI. */
export function taggedId(value: string, type: string): string | undefined {
  const m = /^(.*?)\s*\[([a-z]+)\]\s*$/.exec(value);
  return m && m[2] === type ? m[1] : undefined;
}
