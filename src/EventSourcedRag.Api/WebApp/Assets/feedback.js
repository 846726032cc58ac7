// Feedback signals are buffered and sent together to POST /v1/feedback/batch: every few seconds, when the buffer
// fills, and when the page is hidden (another tab, the window closed, a link followed), so a reader's dozen actions
// cost one request and none is lost when the page goes. Each signal keeps the idempotency key chosen for it, so a
// batch sent again after a network error stores nothing twice.
//
// Why a keepalive fetch and not navigator.sendBeacon: every API request carries the key entered on this page in an
// Authorization header and the end user in X-User-Id, and sendBeacon can set no headers: its batches would be refused
// (401), and putting the key in the URL would write it into logs. A fetch with keepalive carries headers and, like a
// beacon, outlives the page; browsers cap its body at 64 KiB, so the flush on hiding sends slices below that.
import { api, ApiError } from './app.js';

const FlushMs = 3000;
const MaxBuffered = 100;
const KeepaliveBytes = 60 * 1024;
const Attempts = 3;

let buffer = []; // { body, attempt, done(result) } with result { stored } or { error }
let timer = null;

/** Queues one signal; done is called with { stored } once its batch is answered, or { error } when it was not stored. */
export function enqueue(body, done) {
  buffer.push({ body, attempt: 0, done });
  if (buffer.length >= MaxBuffered) flush(false);
  else timer ??= setTimeout(() => flush(false), FlushMs);
}

/** Sends what is buffered; on leaving, with keepalive and without retries (the page will not be there to retry). */
export async function flush(leaving) {
  clearTimeout(timer);
  timer = null;
  const items = buffer;
  buffer = [];
  // Leaving, every slice is started at once: the page may be gone before the first is answered.
  await Promise.all((leaving ? slices(items) : [items]).filter(s => s.length).map(s => send(s, leaving)));
}

async function send(items, leaving) {
  let result;
  try {
    result = await api('/v1/feedback/batch', { method: 'POST', body: { signals: items.map(i => i.body) }, keepalive: leaving });
  } catch (error) {
    // The whole batch failed: a network error, the store or the queue unavailable (503) or a rate limit (429) may pass.
    const retryable = !(error instanceof ApiError) || error.status >= 500 || error.status === 429;
    for (const item of items) retryLater(item, retryable && !leaving, error);
    return;
  }
  result.results.forEach((r, i) => {
    const item = items[i];
    if (r.status === 'rejected') retryLater(item, r.problem?.status === 429 && !leaving, new ApiError(r.problem?.status ?? 400, r.problem));
    else item.done({ stored: r.status === 'stored' });
  });
}

function retryLater(item, retryable, error) {
  if (!retryable || ++item.attempt >= Attempts) { item.done({ error }); return; }
  setTimeout(() => enqueue(item.body, item.done), 1000 * item.attempt);
}

// Slices whose JSON stays under the keepalive body limit.
function slices(items) {
  const out = [[]];
  let bytes = 0;
  for (const item of items) {
    const size = JSON.stringify(item.body).length + 1;
    if (bytes + size > KeepaliveBytes && out.at(-1).length) { out.push([]); bytes = 0; }
    out.at(-1).push(item);
    bytes += size;
  }
  return out;
}
