/**
 * The map: every paper a dot on one <canvas>. Dots are stamped into a pixel buffer (an
 * anti-aliased disc blended per pixel) and put on screen in one call, so 35,000 papers redraw in
 * a few milliseconds; a DOM node or a canvas path per paper would not pan smoothly. Hover and
 * click find the dot under the pointer through a grid over the map.
 */
export interface MapInput {
  n: number;
  /** Positions in [0, 1]. */
  x: Float32Array;
  y: Float32Array;
  /** Theme id per paper, -1 for none. */
  theme: Int32Array;
  colours: string[];
  labels: { text: string; x: number; y: number }[];
}

export interface MapStats {
  pointsDrawn: number;
  highlightedCount: number;
  visibleCount: number;
  /** The theme this draw highlighted (-1: none), so the counts and the theme always agree. */
  highlightedTheme: number;
  zoom: number;
  subColoured: number;
  ms: number;
}

export interface MapCallbacks {
  onHover: (index: number, clientX: number, clientY: number) => void;
  onSelect: (index: number) => void;
  onDraw: (stats: MapStats) => void;
}

export function createMapView(canvas: HTMLCanvasElement, input: MapInput, cb: MapCallbacks) {
  const { n, x, y, theme } = input;
  const ctx = canvas.getContext('2d')!;
  const BACKGROUND = [252, 252, 253];
  const DIMMED = [196, 201, 209];
  const HIT_PX = 7;
  const TOP_INSET = 56;
  const GRID = 64;
  const rgb = input.colours.map((c) => [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)]);
  const NO_THEME = [120, 126, 136];

  const visible = new Uint8Array(n).fill(1);
  let visibleCount = n;
  let highlightTheme = -1;
  /** While a split theme is zoomed into: each paper's colour index into subRgb (-1: its theme's colour). */
  let subIndex: Int32Array | null = null;
  let subRgb: number[][] = [];
  let selected = -1;
  let selectedNeighbours: number[] = [];
  let hovered = -1;

  let cssW = 0;
  let cssH = 0;
  let dpr = 1;
  let image: ImageData | null = null;
  /** The empty map, copied over the buffer at the start of every draw. */
  let blank: Uint8ClampedArray | null = null;
  const view = { cx: 0.5, cy: 0.5, scale: 1, fitScale: 1 };
  let frame = 0;

  // Grid over [0, 1]^2 for hit tests: points of cell c are order[start[c] .. start[c + 1]).
  const cellOf = (v: number) => Math.min(GRID - 1, Math.max(0, Math.floor(v * GRID)));
  const start = new Int32Array(GRID * GRID + 1);
  const order = new Int32Array(n);
  {
    const counts = new Int32Array(GRID * GRID);
    for (let i = 0; i < n; i++) counts[cellOf(y[i]) * GRID + cellOf(x[i])]++;
    for (let c = 0; c < GRID * GRID; c++) start[c + 1] = start[c] + counts[c];
    const fill = start.slice(0, GRID * GRID);
    for (let i = 0; i < n; i++) order[fill[cellOf(y[i]) * GRID + cellOf(x[i])]++] = i;
  }

  /** Dot radius in CSS px: smaller when there are many papers, growing a little as you zoom in. */
  function radius(): number {
    const base = n > 20000 ? 1.3 : n > 5000 ? 1.8 : n > 1000 ? 2.5 : n > 200 ? 3.4 : 4.6;
    const zoom = view.scale / view.fitScale;
    return base * Math.min(3.2, Math.max(1, Math.pow(zoom, 0.4)));
  }

  const stamps = new Map<number, { half: number; mask: Float32Array }>();
  /** Coverage of a disc of radius r (device px) on its pixel grid, for anti-aliased edges. */
  function stampFor(r: number) {
    const key = Math.round(r * 4) / 4;
    let stamp = stamps.get(key);
    if (!stamp) {
      const half = Math.ceil(key + 0.5);
      const size = 2 * half + 1;
      const mask = new Float32Array(size * size);
      for (let dy = -half; dy <= half; dy++) {
        for (let dx = -half; dx <= half; dx++) {
          mask[(dy + half) * size + dx + half] = Math.max(0, Math.min(1, key + 0.5 - Math.hypot(dx, dy)));
        }
      }
      stamp = { half, mask };
      stamps.set(key, stamp);
    }
    return stamp;
  }

  function toScreenX(v: number) {
    return (v - view.cx) * view.scale + cssW / 2;
  }
  function toScreenY(v: number) {
    return (v - view.cy) * view.scale + originY();
  }
  /** The map's centre sits a little below the canvas's, clear of the toolbar over its top. */
  function originY() {
    return cssH / 2 + TOP_INSET / 2;
  }

  function fit() {
    view.fitScale = fitScale();
    view.scale = view.fitScale;
    view.cx = 0.5;
    view.cy = 0.5;
  }

  function fitScale() {
    return Math.max(10, Math.min(cssW - 24, cssH - TOP_INSET - 24) * 0.94);
  }

  function resize(): boolean {
    const rect = canvas.getBoundingClientRect();
    const w = Math.max(1, Math.round(rect.width));
    const h = Math.max(1, Math.round(rect.height));
    const ratio = window.devicePixelRatio || 1;
    if (w === cssW && h === cssH && ratio === dpr && image) return false;
    const first = cssW === 0;
    cssW = w;
    cssH = h;
    dpr = ratio;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    image = ctx.createImageData(canvas.width, canvas.height);
    blank = new Uint8ClampedArray(image.data.length);
    for (let o = 0; o < blank.length; o += 4) {
      blank[o] = BACKGROUND[0];
      blank[o + 1] = BACKGROUND[1];
      blank[o + 2] = BACKGROUND[2];
      blank[o + 3] = 255;
    }
    if (first) fit();
    else view.fitScale = fitScale();
    return true;
  }

  function isHighlighted(i: number) {
    return highlightTheme < 0 || theme[i] === highlightTheme;
  }

  function draw() {
    frame = 0;
    const started = performance.now();
    resize();
    const img = image!;
    const data = img.data;
    const W = img.width;
    const H = img.height;
    data.set(blank!);
    const r = radius();
    let pointsDrawn = 0;
    let highlightedCount = 0;
    let subColoured = 0;
    // Dimmed papers first so the highlighted ones sit on top.
    for (let pass = 0; pass < 2; pass++) {
      const stamp = stampFor(pass === 0 ? r * 0.85 : r);
      const { half, mask } = stamp;
      const size = 2 * half + 1;
      const alpha = pass === 0 ? 0.55 : 0.9;
      for (let i = 0; i < n; i++) {
        if (!visible[i]) continue;
        const lit = isHighlighted(i);
        if (lit !== (pass === 1)) continue;
        if (lit) highlightedCount++;
        const px = Math.round(toScreenX(x[i]) * dpr);
        const py = Math.round(toScreenY(y[i]) * dpr);
        if (px < -half || py < -half || px >= W + half || py >= H + half) continue;
        pointsDrawn++;
        const sub = lit && subIndex ? subIndex[i] : -1;
        if (sub >= 0) subColoured++;
        const colour = !lit ? DIMMED : sub >= 0 ? subRgb[sub] : theme[i] >= 0 ? rgb[theme[i]] : NO_THEME;
        for (let dy = -half; dy <= half; dy++) {
          const row = py + dy;
          if (row < 0 || row >= H) continue;
          for (let dx = -half; dx <= half; dx++) {
            const col = px + dx;
            if (col < 0 || col >= W) continue;
            const a = mask[(dy + half) * size + dx + half] * alpha;
            if (a <= 0) continue;
            const o = (row * W + col) * 4;
            data[o] += (colour[0] - data[o]) * a;
            data[o + 1] += (colour[1] - data[o + 1]) * a;
            data[o + 2] += (colour[2] - data[o + 2]) * a;
          }
        }
      }
    }
    ctx.putImageData(img, 0, 0);
    drawOverlay(r);
    cb.onDraw({ pointsDrawn, highlightedCount, visibleCount, highlightedTheme: highlightTheme, zoom: view.scale / view.fitScale, subColoured, ms: performance.now() - started });
  }

  /** Vector drawing on top of the dots: theme names, the selected paper and its neighbours, hover. */
  function drawOverlay(r: number) {
    ctx.save();
    ctx.scale(dpr, dpr);
    if (selected >= 0 && visible[selected]) {
      const sx = toScreenX(x[selected]);
      const sy = toScreenY(y[selected]);
      ctx.strokeStyle = 'rgba(30, 35, 48, 0.45)';
      ctx.lineWidth = 1;
      for (const j of selectedNeighbours) {
        ctx.beginPath();
        ctx.moveTo(sx, sy);
        ctx.lineTo(toScreenX(x[j]), toScreenY(y[j]));
        ctx.stroke();
      }
      for (const j of selectedNeighbours) ring(j, r + 2, 'rgba(30, 35, 48, 0.7)', 1.2);
      ring(selected, r + 4, '#11151f', 2.2);
    }
    if (hovered >= 0 && hovered !== selected) ring(hovered, r + 3, '#11151f', 1.5);
    ctx.font = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    // Largest themes first (their ids are in size order); a label that would overlap one already
    // placed is left out, and reappears as zooming in spreads the themes apart.
    const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
    input.labels.forEach((label, t) => {
      if (!label.text || (highlightTheme >= 0 && t !== highlightTheme)) return;
      const lx = toScreenX(label.x);
      const ly = toScreenY(label.y);
      const half = ctx.measureText(label.text).width / 2 + 4;
      const box = { x0: lx - half, y0: ly - 9, x1: lx + half, y1: ly + 9 };
      if (box.x1 < 0 || box.y1 < 0 || box.x0 > cssW || box.y0 > cssH) return;
      if (placed.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) return;
      placed.push(box);
      ctx.lineWidth = 4;
      ctx.strokeStyle = 'rgba(252, 252, 253, 0.9)';
      ctx.strokeText(label.text, lx, ly);
      ctx.fillStyle = '#1d2330';
      ctx.fillText(label.text, lx, ly);
    });
    ctx.restore();
  }

  function ring(i: number, r: number, colour: string, width: number) {
    ctx.beginPath();
    ctx.arc(toScreenX(x[i]), toScreenY(y[i]), r, 0, Math.PI * 2);
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.stroke();
  }

  function requestDraw() {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  /** The visible paper under a point of the canvas (CSS px), or -1. */
  function hitTest(px: number, py: number): number {
    const reach = (HIT_PX + radius()) / view.scale;
    const dataX = (px - cssW / 2) / view.scale + view.cx;
    const dataY = (py - originY()) / view.scale + view.cy;
    let best = -1;
    let bestDist = Infinity;
    const x0 = cellOf(dataX - reach);
    const x1 = cellOf(dataX + reach);
    const y0 = cellOf(dataY - reach);
    const y1 = cellOf(dataY + reach);
    for (let cy = y0; cy <= y1; cy++) {
      for (let cx = x0; cx <= x1; cx++) {
        const c = cy * GRID + cx;
        for (let p = start[c]; p < start[c + 1]; p++) {
          const i = order[p];
          if (!visible[i]) continue;
          const d = Math.hypot(x[i] - dataX, y[i] - dataY);
          // Prefer a highlighted paper over a dimmed one at the same spot.
          const score = isHighlighted(i) ? d : d + reach * 0.5;
          if (d <= reach && score < bestDist) {
            best = i;
            bestDist = score;
          }
        }
      }
    }
    return best;
  }

  function zoomAt(px: number, py: number, factor: number) {
    const next = Math.min(view.fitScale * 400, Math.max(view.fitScale * 0.5, view.scale * factor));
    const dataX = (px - cssW / 2) / view.scale + view.cx;
    const dataY = (py - originY()) / view.scale + view.cy;
    view.scale = next;
    // Keep the point under the cursor where it was.
    view.cx = dataX - (px - cssW / 2) / next;
    view.cy = dataY - (py - originY()) / next;
    requestDraw();
  }

  // Pan by dragging; a press that barely moves is a click.
  let drag: { x: number; y: number; cx: number; cy: number; moved: boolean } | null = null;
  const local = (event: MouseEvent) => {
    const rect = canvas.getBoundingClientRect();
    return { px: event.clientX - rect.left, py: event.clientY - rect.top };
  };
  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    canvas.setPointerCapture(event.pointerId);
    drag = { x: event.clientX, y: event.clientY, cx: view.cx, cy: view.cy, moved: false };
  });
  canvas.addEventListener('pointermove', (event) => {
    if (drag) {
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) > 4) {
        drag.moved = true;
        canvas.classList.add('dragging');
      }
      if (drag.moved) {
        view.cx = drag.cx - dx / view.scale;
        view.cy = drag.cy - dy / view.scale;
        hovered = -1;
        cb.onHover(-1, 0, 0);
        requestDraw();
        return;
      }
    }
    const { px, py } = local(event);
    const hit = hitTest(px, py);
    if (hit !== hovered) {
      hovered = hit;
      requestDraw();
    }
    canvas.style.cursor = hit >= 0 ? 'pointer' : '';
    cb.onHover(hit, event.clientX, event.clientY);
  });
  canvas.addEventListener('pointerup', (event) => {
    const wasClick = drag && !drag.moved;
    drag = null;
    canvas.classList.remove('dragging');
    if (wasClick) {
      const { px, py } = local(event);
      const hit = hitTest(px, py);
      if (hit >= 0) cb.onSelect(hit);
    }
  });
  canvas.addEventListener('pointerleave', () => {
    if (hovered >= 0) {
      hovered = -1;
      requestDraw();
    }
    cb.onHover(-1, 0, 0);
  });
  canvas.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const { px, py } = local(event);
      const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
      zoomAt(px, py, Math.exp(-delta * 0.0015));
    },
    { passive: false },
  );
  canvas.addEventListener('dblclick', (event) => {
    const { px, py } = local(event);
    zoomAt(px, py, 2);
  });
  new ResizeObserver(() => requestDraw()).observe(canvas);

  return {
    draw,
    requestDraw,
    zoomBy(factor: number) {
      zoomAt(cssW / 2, originY(), factor);
    },
    reset() {
      fit();
      requestDraw();
    },
    setVisible(mask: Uint8Array, count: number) {
      visible.set(mask);
      visibleCount = count;
      requestDraw();
    },
    setHighlightTheme(t: number) {
      highlightTheme = t;
      requestDraw();
    },
    /** Colours the highlighted papers by sub-theme (`index[i]` into `colours`, -1 keeps the theme's), or stops (null). */
    setSubColours(index: Int32Array | null, colours: string[]) {
      subIndex = index;
      subRgb = colours.map((c) => [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)]);
      requestDraw();
    },
    /** Zooms to the papers of theme t (their bounding box, with a margin), never out past the whole map. */
    zoomToTheme(t: number) {
      let x0 = Infinity;
      let x1 = -Infinity;
      let y0 = Infinity;
      let y1 = -Infinity;
      for (let i = 0; i < n; i++) {
        if (theme[i] !== t) continue;
        x0 = Math.min(x0, x[i]);
        x1 = Math.max(x1, x[i]);
        y0 = Math.min(y0, y[i]);
        y1 = Math.max(y1, y[i]);
      }
      if (x0 > x1) return;
      const span = Math.max(x1 - x0, y1 - y0, 0.02);
      view.scale = Math.max(view.fitScale, Math.min(view.fitScale * 12, view.fitScale / (span * 1.15)));
      view.cx = (x0 + x1) / 2;
      view.cy = (y0 + y1) / 2;
      requestDraw();
    },
    setSelected(i: number, neighbours: number[]) {
      selected = i;
      selectedNeighbours = neighbours;
      requestDraw();
    },
    /** Where a paper is drawn, in viewport (client) coordinates. */
    positionOf(i: number) {
      const rect = canvas.getBoundingClientRect();
      return { x: rect.left + toScreenX(x[i]), y: rect.top + toScreenY(y[i]) };
    },
    /** Brings a paper into view (zooming in a little if the map is zoomed out). */
    focus(i: number) {
      const zoomIn = view.scale < view.fitScale * 2.5;
      if (zoomIn) view.scale = view.fitScale * 2.5;
      const sx = toScreenX(x[i]);
      const sy = toScreenY(y[i]);
      const margin = 40;
      if (zoomIn || sx < margin || sy < margin || sx > cssW - margin || sy > cssH - margin) {
        view.cx = x[i];
        view.cy = y[i];
      }
      requestDraw();
    },
  };
}

export type MapView = ReturnType<typeof createMapView>;
