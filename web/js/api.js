// A small wrapper over fetch() for the KetNoi REST API (/api/v1).
//
// Every failure becomes an ApiError whose message is the one to show the user:
// the server's own error.message when it sent one
// ({"error":{"code","message","field"}}), otherwise a localised generic text.

import { t } from './i18n.js';

const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(message, { status = 0, code = '', field = '' } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

// Builds "/api/v1/<path>?k=v" leaving out parameters that are empty, null or undefined.
export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    query.set(key, String(value));
  }
  const qs = query.toString();
  return `${BASE}/${path.replace(/^\/+/, '')}${qs ? `?${qs}` : ''}`;
}

// GET a JSON document. `signal` aborts a request that a newer one replaced; an
// aborted request rejects with the DOMException "AbortError" (callers ignore it).
export function apiGet(path, params = {}, { signal } = {}) {
  return request(apiUrl(path, params), { signal });
}

// Sends `body` as JSON of `contentType` with `method` and reads the JSON answer.
function sendJson(method, contentType, path, body, signal) {
  return request(apiUrl(path), {
    method,
    headers: { 'Content-Type': contentType },
    body: JSON.stringify(body),
    signal,
  });
}

// POST a JSON body and read the JSON answer, e.g. apiPost('match', {text, k}).
export function apiPost(path, body, { signal } = {}) {
  return sendJson('POST', 'application/json', path, body, signal);
}

// PATCH an entity with a JSON Merge Patch (RFC 7396) and read the updated entity, e.g.
// apiPatch('works/7', {authors}); an array in the body replaces the stored one whole.
export function apiPatch(path, body, { signal } = {}) {
  return sendJson('PATCH', 'application/merge-patch+json', path, body, signal);
}

// POST a file's raw bytes (a File or Blob) as the request body, with the query
// parameters in the URL: apiUpload('import/csv', {kind: 'experts'}, file). The server
// wants the bytes themselves, not a multipart form.
export function apiUpload(path, params, file, { signal } = {}) {
  return request(apiUrl(path, params), {
    method: 'POST',
    headers: { 'Content-Type': file.type || 'application/octet-stream' },
    body: file,
    signal,
  });
}

// POST without a body, for actions such as identity-reviews/3/merge.
export function apiAction(path, { signal } = {}) {
  return request(apiUrl(path), { method: 'POST', body: '', signal });
}

async function request(url, { method = 'GET', headers = {}, body, signal } = {}) {
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: { Accept: 'application/json', ...headers },
      body,
      signal,
    });
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(t('error.network'), { code: 'network' });
  }

  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }

  if (!response.ok) {
    const e = data && data.error;
    const message = (e && e.message) || t('error.http', { status: response.status });
    throw new ApiError(message, {
      status: response.status,
      code: (e && e.code) || '',
      field: (e && e.field) || '',
    });
  }
  if (data === null) {
    throw new ApiError(t('error.http', { status: response.status }), { status: response.status });
  }
  return data;
}

// GET a list page: {items, total, offset, limit}.
export function apiList(collection, params = {}, options = {}) {
  return apiGet(collection, params, options);
}

// GET every item of a small collection (organisations, chapters, groups), page by
// page at the maximum limit, so lookups stay complete as the data grows.
export async function apiListAll(collection, params = {}) {
  const limit = 1000;
  const items = [];
  for (let offset = 0; ; offset += limit) {
    const page = await apiGet(collection, { ...params, offset, limit });
    items.push(...(page.items || []));
    if (!page.items || page.items.length < limit || items.length >= (page.total ?? 0)) break;
  }
  return items;
}
