/**
 * Theme colours: twenty hand-picked categorical colours that stay apart on white and from the
 * grey of dimmed points; past twenty, hues spaced by the golden angle so neighbours differ.
 */
export function themePalette(k: number): string[] {
  const base = [
    '#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#76b7b2', '#d4a72c', '#ff9da7', '#9c755f', '#17becf',
    '#8cd17d', '#d37295', '#6b5b95', '#ffbe7d', '#499894', '#b6992d', '#e377c2', '#a0cbe8', '#7f3c8d', '#f1ce63',
  ];
  const hex = (v: number) => Math.round(Math.max(0, Math.min(1, v)) * 255).toString(16).padStart(2, '0');
  const fromHsl = (h: number, s: number, l: number) => {
    const a = s * Math.min(l, 1 - l);
    const f = (n: number) => {
      const t = (n + h / 30) % 12;
      return l - a * Math.max(-1, Math.min(t - 3, 9 - t, 1));
    };
    return `#${hex(f(0))}${hex(f(8))}${hex(f(4))}`;
  };
  const colours: string[] = [];
  for (let i = 0; i < k; i++) {
    if (i < base.length) colours.push(base[i]);
    else colours.push(fromHsl(((i - base.length) * 137.508 + 20) % 360, 0.55 + 0.15 * (i % 2), 0.42 + 0.12 * (i % 3) / 2));
  }
  return colours;
}
