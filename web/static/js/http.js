// One way to call the API and read its errors: every API error body has a `detail` sentence.
import { t } from "./i18n.js";

/** An error the person can act on: `message` is the API's `detail` or a plain sentence. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

/** The failed response's `detail`, or a plain sentence when the body is not ours (a proxy's page). */
export async function errorDetail(response) {
  try {
    const body = await response.json();
    if (typeof body.detail === "string" && body.detail) return body.detail;
  } catch {
    // not JSON: fall through to the status
  }
  return t("The assistant could not answer (HTTP {status}). Please try again.", { status: response.status });
}

/**
 * `fetch` that resolves to the parsed JSON body, or throws an ApiError carrying the server's own
 * sentence. With `body`, it is sent as JSON (POST unless another method is given).
 */
export async function fetchJson(url, { body, ...options } = {}) {
  const headers = { Accept: "application/json", ...(options.headers || {}) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    ...options,
    headers,
    ...(body !== undefined ? { method: options.method || "POST", body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new ApiError(await errorDetail(response), response.status);
  return response.json();
}
