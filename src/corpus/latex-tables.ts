/** Lookup tables for turning the LaTeX found in titles and abstracts into display text. */

/** Control words that stand for one character or a short string (text and math mode alike). */
export const SYMBOLS: Record<string, string> = {
  // Greek, lower case
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'ϕ',
  varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  // Greek, upper case (the ones that differ from Latin letters)
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ',
  Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  // operators and relations common in abstracts
  times: '×', cdot: '·', div: '÷', pm: '±', mp: '∓', leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠',
  ne: '≠', approx: '≈', sim: '~', simeq: '≃', equiv: '≡', propto: '∝', ll: '≪', gg: '≫', infty: '∞',
  partial: '∂', nabla: '∇', sum: '∑', prod: '∏', int: '∫', in: '∈', notin: '∉', subset: '⊂',
  subseteq: '⊆', cup: '∪', cap: '∩', emptyset: '∅', forall: '∀', exists: '∃', neg: '¬', land: '∧',
  lor: '∨', to: '→', rightarrow: '→', leftarrow: '←', Rightarrow: '⇒', Leftarrow: '⇐',
  leftrightarrow: '↔', Leftrightarrow: '⇔', mapsto: '↦', uparrow: '↑', downarrow: '↓', circ: '∘',
  bullet: '•', star: '⋆', ast: '∗', dagger: '†', ddagger: '‡', ell: 'ℓ', hbar: 'ħ', prime: '′',
  degree: '°', langle: '⟨', rangle: '⟩', lceil: '⌈', rceil: '⌉', lfloor: '⌊', rfloor: '⌋',
  mid: '|', vert: '|', Vert: '‖', cdots: '⋯', ldots: '…', dots: '…', vdots: '⋮', top: '⊤', perp: '⊥',
  // text-mode symbols and logos
  textasciitilde: '~', textendash: '–', textemdash: '—', textbullet: '•', textdegree: '°',
  textquoteright: '’', textquoteleft: '‘', textquotedblleft: '“', textquotedblright: '”',
  textregistered: '®', texttrademark: '™', copyright: '©', textcopyright: '©', S: '§', P: '¶',
  // abbreviation macros common in papers' own abstracts
  ie: 'i.e.', eg: 'e.g.', etal: 'et al.', etc: 'etc.', wrt: 'w.r.t.', vs: 'vs.', cf: 'cf.',
  LaTeX: 'LaTeX', TeX: 'TeX', BibTeX: 'BibTeX', euro: '€', pounds: '£',
  // letters that are commands of their own (\o{} in "Sch\o{}n")
  ss: 'ß', o: 'ø', O: 'Ø', aa: 'å', AA: 'Å', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', l: 'ł', L: 'Ł',
  i: 'ı', j: 'ȷ',
  // spacing and layout commands become a space (or nothing)
  quad: ' ', qquad: ' ', enspace: ' ', thinspace: ' ', newline: ' ', par: ' ', noindent: '',
  left: '', right: '', big: '', Big: '', bigl: '', bigr: '', Bigl: '', Bigr: '', displaystyle: '',
  limits: '', nolimits: '', xspace: '', relax: '', centering: '', hfill: ' ', vspace: '', hspace: '',
};

/** `\mathbb{R}` and friends. */
export const BLACKBOARD: Record<string, string> = {
  R: 'ℝ', N: 'ℕ', Z: 'ℤ', Q: 'ℚ', C: 'ℂ', P: 'ℙ', E: '𝔼',
};

/** Commands whose only job is formatting: the command goes, its argument stays. */
export const FORMATTING = new Set([
  'textbf', 'textit', 'textsl', 'textsc', 'texttt', 'textrm', 'textsf', 'textup', 'textmd', 'textnormal',
  'emph', 'em', 'bf', 'it', 'rm', 'sf', 'tt', 'sc', 'underline', 'mbox', 'hbox', 'text', 'mathrm',
  'mathbf', 'mathit', 'mathsf', 'mathtt', 'mathcal', 'mathscr', 'mathfrak', 'boldsymbol', 'bm',
  'operatorname', 'textsuperscript', 'textsubscript', 'ensuremath', 'small', 'large', 'Large',
  'footnotesize', 'scriptsize', 'tiny', 'normalsize', 'huge', 'Huge', 'textcolor', 'color', 'url',
  'nolinkurl', 'path',
]);

/** Commands dropped together with their argument: references that mean nothing outside the paper. */
export const DROPPED_WITH_ARGUMENT = new Set([
  'cite', 'citep', 'citet', 'citealp', 'citeauthor', 'citeyear', 'ref', 'eqref', 'autoref', 'cref', 'Cref',
  'label', 'footnote', 'thanks', 'index', 'vspace', 'hspace',
]);

/** Accent commands written with a symbol (`\'e`) or a letter (`\c{c}`), mapped to Unicode combining marks. */
export const ACCENTS: Record<string, string> = {
  "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030C', H: '\u030B', c: '\u0327', k: '\u0328', r: '\u030A', d: '\u0323', b: '\u0331',
};

/** Math accents (`\hat{y}`): a combining mark when the argument is one letter, else just the argument. */
export const MATH_ACCENTS: Record<string, string> = {
  hat: '\u0302', widehat: '\u0302', tilde: '\u0303', widetilde: '\u0303', bar: '\u0304', overline: '\u0305',
  vec: '\u20D7', dot: '\u0307', ddot: '\u0308', check: '\u030C', breve: '\u0306', acute: '\u0301',
  grave: '\u0300', mathring: '\u030A',
};
