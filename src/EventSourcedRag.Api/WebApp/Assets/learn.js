// The Learn page: how the loop is doing. The model registry (lineage, gate results, deployment), the learning
// curve of the gate's held-out metrics per training cycle, experiments with per-arm statistics and intervals,
// and how far each read model trails the log. Everything comes from the read models over the API.
import { api, describe, el, status, fmt } from './app.js';
import { lineChart } from './chart.js';

const $ = id => document.getElementById(id);
let timer = null;

async function refresh() {
  status($('learn-status'), 'Loading…');
  const results = await Promise.allSettled([models(), experiments(), projections()]);
  const failed = results.find(r => r.status === 'rejected');
  status($('learn-status'), failed ? describe(failed.reason) : `Updated ${new Date().toLocaleTimeString()}.`, failed ? 'error' : '');
}

async function models() {
  const { rows } = await api('/v1/admin/projections/model-registry/rows/model?limit=1000');
  rows.sort((a, b) => new Date(a.trained_at) - new Date(b.trained_at));
  const metric = (m, name) => m?.[name];
  $('models').replaceChildren(...rows.slice().reverse().map(m => el('tr', {},
    el('td', { class: 'mono' }, m.version),
    el('td', {}, m.kind),
    el('td', { class: 'mono' }, m.parent_version ?? '—'),
    el('td', {}, m.state + (m.traffic_share > 0 && m.traffic_share < 1 ? ` (${fmt.percent(m.traffic_share)})` : '')),
    el('td', {}, m.passed_gate === null ? 'not yet' : m.passed_gate ? el('span', { class: 'ok' }, 'passed') : el('span', { class: 'error' }, 'failed')),
    el('td', { class: 'num' }, `${fmt.number(metric(m.baseline_metrics, 'ndcg@10'))} → ${fmt.number(metric(m.metrics, 'ndcg@10'))}`),
    el('td', { class: 'num' }, `${fmt.number(metric(m.baseline_metrics, 'mrr@10'))} → ${fmt.number(metric(m.metrics, 'mrr@10'))}`),
    el('td', {}, fmt.time(m.trained_at)),
    el('td', { class: 'mono' }, String(m.as_of_sequence)))));
  $('models-empty').hidden = rows.length > 0;

  // Per kind, cycle n is its n-th trained model; cycle 0 is the first one's baseline (what served before learning).
  const kinds = [...new Set(rows.map(m => m.kind))];
  const curve = name => kinds.flatMap(kind => {
    const trained = rows.filter(m => m.kind === kind && m.metrics?.[name] !== undefined);
    if (trained.length === 0) return [];
    const start = trained[0].baseline_metrics?.[name];
    const points = trained.map((m, i) => ({ x: i + 1, y: m.metrics[name], label: `${m.version}, ${m.passed_gate ? 'passed' : 'failed'}` }));
    return [{ name: kind, points: start === undefined ? points : [{ x: 0, y: start, label: 'baseline' }, ...points] }];
  });
  $('curve-ndcg').replaceChildren(lineChart({ title: 'nDCG@10 on held-out lists', series: curve('ndcg@10'), yLabel: 'nDCG@10' }));
  $('curve-mrr').replaceChildren(lineChart({ title: 'MRR@10 on held-out lists', series: curve('mrr@10'), yLabel: 'MRR@10' }));
}

async function experiments() {
  const list = await api('/v1/admin/experiments');
  list.sort((a, b) => new Date(b.started_at) - new Date(a.started_at));
  $('experiments-empty').hidden = list.length > 0;
  const details = await Promise.all(list.slice(0, 5).map(x => api(`/v1/admin/experiments/${x.experiment_id}`)));
  $('experiments').replaceChildren(...details.map((d, i) => experimentCard(list[i], d)));
}

function experimentCard(x, detail) {
  const interval = e => e ? `${fmt.number(e.value)} [${fmt.number(e.lower)}, ${fmt.number(e.upper)}]` : '—';
  const arms = detail.stages.flatMap(s => [['control', s.control], ['treatment', s.treatment]].map(([arm, a]) => el('tr', {},
    el('td', { class: 'num' }, String(s.stage)),
    el('td', {}, arm === 'treatment' ? `${arm} (${fmt.percent(s.treatment_share)})` : arm),
    el('td', { class: 'num' }, String(a.counts.queries)),
    el('td', { class: 'num' }, interval(a.click_through)),
    el('td', { class: 'num' }, interval(a.mean_reciprocal_rank)),
    el('td', { class: 'num' }, interval(a.thumbs_up_share)),
    el('td', { class: 'num' }, a.counts.latency_p95_ms === null ? '—' : Math.round(a.counts.latency_p95_ms) + ' ms'))));
  return el('article', { class: 'card' },
    el('h3', {}, `${x.treatment_version} vs ${x.control_version ?? 'default'}`),
    el('p', { class: 'meta' }, `${x.model_kind} · started ${fmt.time(x.started_at)} · stage ${x.stage_index + 1}, treatment share ${fmt.percent(x.treatment_share)} · ` +
      (x.outcome ? `ended: ${x.outcome}` : 'running')),
    detail.preview ? el('p', {}, `Decision now: ${detail.preview.action} (${detail.preview.reason})`) : null,
    el('table', {},
      el('thead', {}, el('tr', {}, ...['stage', 'arm', 'queries', 'click-through [95 % CI]', 'MRR of first click [95 % CI]', 'thumbs-up share [95 % CI]', 'p95 latency']
        .map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, arms)));
}

async function projections() {
  const list = await api('/v1/admin/projections');
  $('projections').replaceChildren(...list.map(p => el('tr', {},
    el('td', {}, p.name), el('td', {}, p.live_target ?? '—'),
    el('td', { class: 'num' }, String(p.position)), el('td', { class: 'num' }, String(p.head)),
    el('td', { class: 'num' + (p.lag > 0 ? ' error' : '') }, String(p.lag)))));
}

$('refresh').addEventListener('click', refresh);
$('auto').addEventListener('change', e => {
  clearInterval(timer);
  if (e.currentTarget.checked) timer = setInterval(refresh, 5000);
});
document.addEventListener('esrag:key', refresh);
refresh();
