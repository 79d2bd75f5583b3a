// POST /api/chat/stream and read its Server-Sent Events (EventSource cannot POST, so fetch + a reader).
import { t } from "./i18n.js";
import { ApiError, errorDetail } from "./http.js";

function parseBlock(block) {
  let event = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length ? { event, data: JSON.parse(data.join("\n")) } : null;
}

/** Yield `{event, data}` for each event of a text/event-stream body, as its bytes arrive. */
export async function* readEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer = (buffer + value).replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const parsed = parseBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (parsed) yield parsed;
    }
  }
  const last = buffer.trim() ? parseBlock(buffer) : null;
  if (last) yield last;
}

/**
 * Ask the assistant; yields the stream's events. Throws ApiError with the API's `detail`
 * (a 422 for bad input, say) before any event, or when the stream ends without `done`.
 */
export async function* chatStream(request, { signal } = {}) {
  let response;
  try {
    response = await fetch("/api/chat/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(request),
      signal,
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(t("Couldn’t reach the assistant. Check your connection and try again."), 0);
  }
  if (!response.ok) throw new ApiError(await errorDetail(response), response.status);
  let finished = false;
  try {
    for await (const item of readEvents(response.body)) {
      if (item.event === "done") finished = true;
      yield item;
    }
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(t("The connection dropped before the answer was complete. Please try again."), 0);
  }
  if (!finished) throw new ApiError(t("The answer was cut off before it finished. Please try again."), 0);
}
