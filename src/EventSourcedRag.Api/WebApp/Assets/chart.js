// A line chart as inline SVG (no library): cycles on x, a metric on y, one line per series. The numbers are
// also given as a table beside it, so the chart is never the only way to read them.
const Ns = 'http://www.w3.org/2000/svg';
const Colours = ['#0a58ca', '#d63384', '#1a7f37', '#fd7e14', '#6f42c1'];

function svg(tag, attributes, text) {
  const node = document.createElementNS(Ns, tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** series: [{ name, points: [{ x, y, label }], dashed }]; returns an <svg> with a role and a summary label. */
export function lineChart({ title, series, xLabel = 'cycle', yLabel }) {
  const width = 520, height = 260, left = 48, right = 130, top = 26, bottom = 36;
  const points = series.flatMap(s => s.points);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${title}: ${series.map(s => `${s.name} ${s.points.map(p => p.y.toFixed(3)).join(', ')}`).join('; ')}` });
  root.append(svg('text', { x: left, y: 16, 'font-size': 13, 'font-weight': 600 }, title));
  if (points.length === 0) {
    root.append(svg('text', { x: left, y: height / 2, fill: '#57606a' }, 'No models trained yet.'));
    return root;
  }
  const xs = points.map(p => p.x), ys = points.map(p => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const pad = Math.max((y1 - y0) * 0.15, 0.01);
  [y0, y1] = [Math.max(0, y0 - pad), Math.min(1, y1 + pad)];
  const px = x => left + (x - x0) / (x1 - x0) * (width - left - right);
  const py = y => height - bottom - (y - y0) / (y1 - y0 || 1) * (height - top - bottom);

  for (let i = 0; i <= 4; i++) {
    const y = y0 + (y1 - y0) * i / 4;
    root.append(svg('line', { x1: left, x2: width - right, y1: py(y), y2: py(y), stroke: '#e5e7eb' }));
    root.append(svg('text', { x: left - 6, y: py(y) + 4, 'text-anchor': 'end', 'font-size': 10 }, y.toFixed(3)));
  }
  for (let x = Math.ceil(x0); x <= x1; x++)
    root.append(svg('text', { x: px(x), y: height - bottom + 14, 'text-anchor': 'middle', 'font-size': 10 }, String(x)));
  root.append(svg('text', { x: (left + width - right) / 2, y: height - 6, 'text-anchor': 'middle', 'font-size': 11 }, xLabel));
  root.append(svg('text', { x: 12, y: top + (height - top - bottom) / 2, 'font-size': 11, transform: `rotate(-90 12 ${top + (height - top - bottom) / 2})`, 'text-anchor': 'middle' }, yLabel ?? ''));

  series.forEach((s, i) => {
    const colour = Colours[i % Colours.length];
    const line = svg('polyline', { fill: 'none', stroke: colour, 'stroke-width': 2, points: s.points.map(p => `${px(p.x)},${py(p.y)}`).join(' ') });
    if (s.dashed) line.setAttribute('stroke-dasharray', '5,4');
    root.append(line);
    for (const p of s.points) {
      const dot = svg('circle', { cx: px(p.x), cy: py(p.y), r: 3.5, fill: colour });
      dot.append(svg('title', {}, `${s.name}, ${xLabel} ${p.x}: ${p.y.toFixed(4)}${p.label ? ' (' + p.label + ')' : ''}`));
      root.append(dot);
    }
    const ly = top + 12 + i * 18;
    const key = svg('line', { x1: width - right + 10, x2: width - right + 30, y1: ly, y2: ly, stroke: colour, 'stroke-width': 2 });
    if (s.dashed) key.setAttribute('stroke-dasharray', '5,4');
    root.append(key, svg('text', { x: width - right + 36, y: ly + 4, 'font-size': 11 }, s.name));
  });
  return root;
}
