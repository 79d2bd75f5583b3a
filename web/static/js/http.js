// One way to call the API: JSON in and out, and an error that carries the server's own sentence.

/**
 * `fetch` that resolves to the parsed JSON body, or throws an Error whose message is the
 * server's `detail` (every API error has one), or the HTTP status when the body is not JSON.
 */
export async function fetchJson(url, { body, ...options } = {}) {
  const headers = { Accept: "application/json", ...(options.headers || {}) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    ...options,
    headers,
    ...(body !== undefined ? { method: options.method || "POST", body: JSON.stringify(body) } : {}),
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    // not JSON (a proxy's page): the status says enough
  }
  if (!response.ok) throw new Error(typeof data?.detail === "string" ? data.detail : `HTTP ${response.status}`);
  return data;
}
