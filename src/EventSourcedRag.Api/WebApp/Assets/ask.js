// The Ask page: a question streamed over POST /v1/query/stream, the answer with numbered citations linked to
// its sources, and every reader action sent as feedback on the stored response (clicks, dwell, copies, thumbs,
// stars, wrong-source and missing-info flags, reformulations and abandonment).
import { ApiError, headers, readResponse, describe, el, status, uuid, fmt } from './app.js';
import { enqueue, flush } from './feedback.js';

const $ = id => document.getElementById(id);
const sessionId = sessionStorage.getItem('esrag.session') ?? (() => { const s = 'web-' + uuid(); sessionStorage.setItem('esrag.session', s); return s; })();

// The response on screen: feedback names its id, and only once its events are stored (the "done" event).
let current = null; // { id, sources, askedAt, engaged, dwell: { chunk, since } }
let controller = null;

$('ask-form').addEventListener('submit', async e => {
  e.preventDefault();
  const query = $('question').value.trim();
  if (!query) return;
  const previous = current;
  closeDwell(false);
  controller?.abort();
  controller = new AbortController();
  current = null;
  resetResult();
  status($('ask-status'), 'Searching…');
  try {
    const response = await ask(query, controller.signal);
    current = { id: response.response_id, sources: response.sources, askedAt: Date.now(), engaged: false, dwell: null };
    showResponse(response);
    status($('ask-status'), '');
    // Asking again soon after an answer nobody used is a reformulation of it: a negative signal for what it showed.
    if (previous && !previous.engaged && Date.now() - previous.askedAt < ReformulationWindowMs)
      send(previous, { type: 'reformulation', follow_up_response_id: response.response_id }, 'reformulation');
  } catch (error) {
    if (error.name === 'AbortError') return;
    status($('ask-status'), describe(error), 'error');
  }
});

const ReformulationWindowMs = 2 * 60 * 1000;

/** Streams the answer: sources first, then fragments, then the stored response. Resolves to the "done" payload. */
async function ask(query, signal) {
  const response = await fetch('/v1/query/stream', {
    method: 'POST', signal,
    headers: headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
    body: JSON.stringify({ query, session_id: sessionId }),
  });
  if (!response.ok || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
    await readResponse(response); // throws the problem
    throw new Error('The server did not stream the answer.');
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let answer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('The stream ended before the answer was stored.');
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1];
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
      if (name === 'sources') { showSources(data.sources); showDegraded(data.degraded); }
      else if (name === 'answer') { answer += data.text; renderAnswer(answer, null); }
      else if (name === 'done') return data;
      else if (name === 'error') throw new ApiError(data.status, data);
    }
  }
}

function resetResult() {
  $('result').hidden = false;
  delete $('result').dataset.responseId;
  $('answer').textContent = '';
  $('answer-meta').textContent = '';
  $('sources').replaceChildren();
  $('degraded').textContent = '';
  status($('feedback-status'), '');
  for (const b of document.querySelectorAll('#feedback button')) { b.disabled = true; b.setAttribute('aria-pressed', 'false'); }
  for (const r of document.querySelectorAll('input[name=stars]')) { r.checked = false; r.disabled = true; }
  $('missing-form').hidden = true;
}

function showResponse(r) {
  $('result').dataset.responseId = r.response_id;
  showSources(r.sources);
  showDegraded(r.degraded);
  renderAnswer(r.answer, r.sources);
  $('answer-meta').textContent = `Confidence ${fmt.number(r.confidence, 2)} · ${Math.round(r.latency_ms)} ms · ` +
    `retriever ${r.model_info.retriever}${r.model_info.reranker ? ', reranker ' + r.model_info.reranker : ''} · response ${r.response_id}`;
  for (const b of document.querySelectorAll('#feedback button')) b.disabled = false;
  for (const r of document.querySelectorAll('input[name=stars]')) r.disabled = false;
  for (const b of document.querySelectorAll('#sources button')) b.disabled = false;
}

function showDegraded(degraded) {
  $('degraded').textContent = degraded?.length
    ? 'Served without: ' + degraded.map(d => `${d.stage} (${d.reason})`).join('; ')
    : '';
}

/** The answer as text, its [n] markers turned into links to source n (only for sources actually shown). */
function renderAnswer(text, sources) {
  const node = $('answer');
  node.replaceChildren();
  let last = 0;
  for (const m of text.matchAll(/\[(\d+)\]/g)) {
    const n = Number(m[1]);
    node.append(text.slice(last, m.index));
    node.append(sources && n >= 1 && n <= sources.length
      ? el('a', { href: `#source-${n}`, class: 'cite', 'data-position': n, 'aria-label': `source ${n}`, onclick: e => { e.preventDefault(); openSource(n); } }, `[${n}]`)
      : m[0]);
    last = m.index + m[0].length;
  }
  node.append(text.slice(last));
}

function showSources(sources) {
  const list = $('sources');
  list.replaceChildren(...sources.map(s => el('li', { id: `source-${s.position}`, tabindex: '-1', 'data-chunk-id': s.chunk_id },
    el('span', { class: 'meta' }, `[${s.position}] `),
    el('a', { href: `#source-${s.position}`, class: 'title', onclick: e => { e.preventDefault(); openSource(s.position); } }, s.title || 'Untitled'),
    el('span', { class: 'meta' }, ` · score ${fmt.number(s.score, 3)}`),
    el('p', { class: 'snippet' }, s.snippet),
    el('button', { type: 'button', class: 'wrong-source', disabled: current === null, onclick: e => flagWrong(s, e.currentTarget) }, 'Wrong source'))));
}

/** A citation or source title was followed: select the source, send the click, start timing the reading. */
function openSource(position) {
  if (!current) return;
  const source = current.sources.find(s => s.position === position);
  if (!source) return;
  for (const li of document.querySelectorAll('#sources li')) li.classList.toggle('selected', li.id === `source-${position}`);
  const item = $(`source-${position}`);
  item.scrollIntoView({ block: 'nearest' });
  item.focus({ preventScroll: true });
  closeDwell(false);
  current.engaged = true;
  current.dwell = { chunk: source.chunk_id, since: Date.now() };
  send(current, { type: 'click', chunk_id: source.chunk_id, position }, `click on source ${position}`);
}

/** The reading of the selected source ends (another source, a new question, the page left): its dwell is sent. */
function closeDwell(leaving) {
  const dwell = current?.dwell;
  if (!dwell) return;
  current.dwell = null;
  const seconds = (Date.now() - dwell.since) / 1000;
  if (seconds >= 1) send(current, { type: 'dwell', chunk_id: dwell.chunk, seconds: Math.round(seconds * 10) / 10 }, 'dwell', leaving);
}

function flagWrong(source, button) {
  current.engaged = true;
  button.setAttribute('aria-pressed', 'true');
  send(current, { type: 'wrong_source', chunk_id: source.chunk_id }, `source ${source.position} flagged as wrong`);
}

$('thumbs-up').addEventListener('click', e => thumbs(e.currentTarget, 'thumbs_up', $('thumbs-down')));
$('thumbs-down').addEventListener('click', e => thumbs(e.currentTarget, 'thumbs_down', $('thumbs-up')));

function thumbs(button, type, other) {
  if (!current) return;
  current.engaged = true;
  button.setAttribute('aria-pressed', 'true');
  other.setAttribute('aria-pressed', 'false');
  send(current, { type }, type === 'thumbs_up' ? 'thumbs up' : 'thumbs down');
}

for (const radio of document.querySelectorAll('input[name=stars]')) {
  radio.addEventListener('change', () => {
    if (!current) return;
    current.engaged = true;
    for (const label of document.querySelectorAll('.stars label')) label.classList.toggle('on', Number(label.dataset.stars) <= Number(radio.value));
    send(current, { type: 'rating', stars: Number(radio.value) }, `${radio.value} stars`);
  });
}

$('copy-answer').addEventListener('click', async () => {
  if (!current) return;
  const text = $('answer').textContent;
  try { await navigator.clipboard.writeText(text); } catch { copyByCommand(text); }
  copied();
});
// Copying by keyboard or menu counts too.
$('answer').addEventListener('copy', () => copied());

function copied() {
  if (!current) return;
  current.engaged = true;
  send(current, { type: 'copy' }, 'copy');
}

function copyByCommand(text) {
  const area = el('textarea', { class: 'visually-hidden' }, text);
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

$('missing-info').addEventListener('click', () => { $('missing-form').hidden = false; $('missing-text').focus(); });
$('missing-form').addEventListener('submit', e => {
  e.preventDefault();
  if (!current) return;
  current.engaged = true;
  const comment = $('missing-text').value.trim() || null;
  $('missing-form').hidden = true;
  $('missing-info').setAttribute('aria-pressed', 'true');
  send(current, { type: 'missing_info', comment }, 'missing information');
});

// Leaving: the open reading's dwell, or abandonment of an answer nobody used, then everything still buffered, sent
// with keepalive so it outlives the page. A hidden page may never come back (mobile browsers discard it), so what is
// buffered goes then too.
window.addEventListener('pagehide', () => {
  if (current?.dwell) closeDwell(true);
  else if (current && !current.engaged) send(current, { type: 'abandon' }, 'abandon', true);
  flush(true);
});
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flush(true); });

/**
 * Queues one signal for the next batch (feedback.js). The idempotency key is chosen once per action, so a batch sent
 * again after a network error is recognised by the server and stores nothing twice.
 */
function send(response, signal, what, leaving = false) {
  const body = { response_id: response.id, idempotency_key: uuid(), client_timestamp: new Date().toISOString(), ...signal };
  enqueue(body, result => {
    if (result.error) {
      if (!leaving) status($('feedback-status'), `Not recorded (${what}): ${describe(result.error)}`, 'error');
      return;
    }
    if (!leaving && response === current) status($('feedback-status'), `Recorded: ${what}${result.stored ? '' : ' (already recorded)'}.`, 'ok');
    document.dispatchEvent(new CustomEvent('esrag:feedback', { detail: { type: signal.type, stored: result.stored } }));
  });
}
