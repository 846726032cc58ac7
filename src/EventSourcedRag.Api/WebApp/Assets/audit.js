// The Audit page: find questions by time, user, model or words; open one's whole timeline (every event with who
// wrote it); replay it from the log to see whether what was served can be recomputed; verify the hash chain.
import { api, describe, el, status, fmt } from './app.js';

const $ = id => document.getElementById(id);

$('search-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = new FormData(e.currentTarget);
  const params = new URLSearchParams();
  for (const [name, value] of form) {
    if (!String(value).trim()) continue;
    // datetime-local has no zone: it is the auditor's local time.
    params.set(name, name === 'from' || name === 'to' ? new Date(value).toISOString() : String(value).trim());
  }
  status($('search-status'), 'Searching…');
  try {
    const result = await api('/v1/audit/queries?' + params);
    showQueries(result.queries);
    status($('search-status'), `${result.queries.length}${result.more ? '+' : ''} questions${result.more ? ' (the newest shown; narrow the search for older ones)' : ''}.`);
  } catch (error) {
    status($('search-status'), describe(error), 'error');
  }
});

function showQueries(queries) {
  $('queries').replaceChildren(...queries.map(q => el('tr', { class: 'clickable' },
    el('td', {}, fmt.time(q.asked_at)),
    el('td', {}, el('a', { href: `#${q.response_id}`, onclick: ev => { ev.preventDefault(); openTimeline(q); } }, q.query)),
    el('td', { class: 'mono', title: q.user_hash }, fmt.short(q.user_hash)),
    el('td', {}, [q.retriever, q.reranker, q.variant ? `variant ${q.variant}` : null].filter(Boolean).join(' · ')),
    el('td', { class: 'num' }, String(q.clicks)),
    el('td', { class: 'num' }, `${q.thumbs_up} / ${q.thumbs_down}`),
    el('td', { class: 'num' }, q.last_rating ?? '—'),
    el('td', { class: 'num' }, String(q.events)))));
}

let opened = null;

async function openTimeline(q) {
  opened = q;
  $('timeline-section').hidden = false;
  $('timeline-title').textContent = `“${q.query}”`;
  $('timeline-meta').textContent = `response ${q.response_id} · asked ${fmt.time(q.asked_at)} · user ${q.user_hash}`;
  $('replay-result').textContent = '';
  status($('timeline-status'), 'Loading…');
  try {
    const timeline = await api(`/v1/query/${q.response_id}`);
    $('timeline').replaceChildren(...timeline.events.map(e => el('tr', {},
      el('td', { class: 'num' }, String(e.sequence)),
      el('td', {}, e.type),
      el('td', {}, fmt.time(e.timestamp)),
      el('td', { class: 'mono' }, e.actor ?? '—'),
      el('td', { class: 'mono' }, e.principal ?? '—'),
      el('td', {}, el('details', {}, el('summary', {}, 'data'), el('pre', { class: 'json' }, JSON.stringify(e.data, null, 2)))))));
    status($('timeline-status'), `${timeline.events.length} events.`);
    $('timeline-section').scrollIntoView({ block: 'start' });
  } catch (error) {
    status($('timeline-status'), describe(error), 'error');
  }
}

$('replay').addEventListener('click', async () => {
  if (!opened) return;
  status($('timeline-status'), 'Replaying from the log…');
  try {
    const replay = await api('/v1/audit/replay', { method: 'POST', body: { response_id: opened.response_id } });
    $('replay-result').textContent = JSON.stringify(replay, null, 2);
    status($('timeline-status'), replaySummary(replay));
  } catch (error) {
    status($('timeline-status'), describe(error), 'error');
  }
});

function replaySummary(r) {
  const served = r.served;
  if (!served) return 'Replayed.';
  if (served.same_results && served.same_answer) return `Replayed at event ${r.index_position}: the same sources in the same order and the same answer as served.`;
  return `Replayed at event ${r.index_position}: differs from what was served: ${served.first_difference ?? 'the answer text'}` +
    (served.degraded?.length ? ` (served without ${served.degraded.map(d => d.stage).join(', ')})` : '') + '.';
}

$('verify').addEventListener('click', async () => {
  status($('verify-status'), 'Verifying the whole log…');
  try {
    const report = await api('/v1/audit/verify');
    status($('verify-status'), report.intact
      ? `Intact: ${report.events_checked} events and ${report.checkpoints_checked} signed checkpoints checked, up to event ${report.chain_head}.`
      : `NOT intact at event ${report.problem.sequence} (${report.problem.kind}): ${report.problem.detail}`, report.intact ? 'ok' : 'error');
  } catch (error) {
    status($('verify-status'), describe(error), 'error');
  }
});
