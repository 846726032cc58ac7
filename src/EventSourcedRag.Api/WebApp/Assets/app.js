// Shared by the three pages: the API key, the caller's user id, calls to the API with problem details turned into
// readable errors, and small DOM helpers. No framework: the pages are small and must load fast.

const KeyItem = 'esrag.key';
const UserItem = 'esrag.user';

/** An id from the browser's random source (crypto.randomUUID needs a secure context; plain http on a LAN is not). */
export function uuid() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function apiKey() { return sessionStorage.getItem(KeyItem) ?? ''; }

/** This browser's end-user id: the server stores only its keyed hash, so feedback links to the same (anonymous) user. */
export function userId() {
  let id = localStorage.getItem(UserItem);
  if (!id) localStorage.setItem(UserItem, id = 'web-' + uuid());
  return id;
}

/** An error the API answered with: its problem details (RFC 7807) are kept for display. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function headers(extra = {}) {
  const h = { 'X-User-Id': userId(), ...extra };
  const key = apiKey();
  if (key) h.Authorization = 'Bearer ' + key;
  return h;
}

/** Calls the API with the key; resolves to the JSON body, or throws ApiError with the problem details. */
export async function api(path, { method = 'GET', body, keepalive = false, signal } = {}) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }), keepalive, signal };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  return readResponse(response);
}

export async function readResponse(response) {
  const text = await response.text();
  let data = null;
  if (text) { try { data = JSON.parse(text); } catch { data = { detail: text }; } }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** A readable line for an error, naming the fix for the usual ones. */
export function describe(error) {
  if (!(error instanceof ApiError)) return `Network error: ${error.message}`;
  if (error.status === 401) return 'The API key is missing or not valid: enter one above (esrag keys create prints it).';
  if (error.status === 403) return 'This key lacks the role this page needs. ' + (error.problem?.detail ?? '');
  const code = error.problem?.code ? ` (${error.problem.code})` : '';
  return `${error.problem?.title ?? 'Error'}${code}: ${error.message}`;
}

/** Creates an element: el('td', {class: 'num'}, '3'). Text is always set as text, never parsed as HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function status(node, message, kind = '') {
  node.textContent = message;
  node.className = 'status ' + kind;
}

export const fmt = {
  number: (x, digits = 3) => (x === null || x === undefined || Number.isNaN(x)) ? '—' : Number(x).toFixed(digits),
  percent: x => (x === null || x === undefined) ? '—' : (100 * x).toFixed(1) + ' %',
  time: t => t ? new Date(t).toLocaleString() : '—',
  short: s => s && s.length > 14 ? s.slice(0, 14) + '…' : (s ?? '—'),
};

/** The key form every page has in its header: the key lives in this tab's session storage only. */
function setUpKeyForm() {
  const form = document.getElementById('key-form');
  if (!form) return;
  const input = form.querySelector('input');
  const note = document.getElementById('key-status');
  const show = () => { note.textContent = apiKey() ? 'key set' : 'no key'; };
  input.value = apiKey();
  show();
  form.addEventListener('submit', e => {
    e.preventDefault();
    const value = input.value.trim();
    if (value) sessionStorage.setItem(KeyItem, value); else sessionStorage.removeItem(KeyItem);
    show();
    document.dispatchEvent(new CustomEvent('esrag:key'));
  });
}

setUpKeyForm();
