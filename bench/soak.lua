-- wrk script for `make soak`: each connection cycles through a mix of what learners and pages
-- do: new and repeated chat questions, the stream, search, clauses, feedback on a reply it was
-- given, and the pages. SOAK_QUESTIONS holds one question a line, "<JSON-escaped>\t<URL-encoded>";
-- SOAK_CLAUSES one clause id a line, URL-encoded.
local questions, clauses = {}, {}
for line in io.lines(os.getenv("SOAK_QUESTIONS")) do
  local escaped, encoded = line:match("^(.-)\t(.*)$")
  questions[#questions + 1] = { escaped = escaped, encoded = encoded }
end
for line in io.lines(os.getenv("SOAK_CLAUSES")) do clauses[#clauses + 1] = line end
-- a tag of its own per minute's run, so no run's new questions are another's cache hits
local run = os.getenv("SOAK_RUN") or ""
local PAGES = { "/", "/terms", "/widget", "/widget.js", "/static/css/base.css", "/healthz" }
-- The mix, by weight: one of each entry per cycle.
local MIX = { "new", "new", "repeat", "repeat", "repeat", "repeat", "stream", "search", "search",
              "clause", "clause", "feedback", "page", "page" }
-- SOAK_ONLY narrows the mix to one kind (soak.py's --only), to tell which part of it holds on to
-- memory.
local only = os.getenv("SOAK_ONLY") or ""
if only ~= "" then MIX = { only } end
local JSON = { ["Content-Type"] = "application/json" }

local threads = {}
local id = 0
counter, last_reply, failed_4xx, failed_5xx = 0, nil, 0, 0

function setup(thread)
  id = id + 1
  thread:set("id", id)
  table.insert(threads, thread)
end

local function chat(path, content)
  local body = '{"messages": [{"role": "user", "content": "' .. content .. '"}], "as_of": "2025-03-10"}'
  return wrk.format("POST", path, JSON, body)
end

function request()
  counter = counter + 1
  local kind = MIX[(counter % #MIX) + 1]
  local question = questions[((counter * 7) % #questions) + 1]
  if kind == "new" then
    -- letters, not digits, so the date reader never takes the tag for a date
    local tag = (tostring(id) .. "x" .. tostring(counter)):gsub("%d", function(d) return string.char(97 + tonumber(d)) end)
    return chat("/api/chat", question.escaped .. " (" .. run .. tag .. ")")
  elseif kind == "repeat" then
    return chat("/api/chat", question.escaped)
  elseif kind == "stream" then
    return chat("/api/chat/stream", question.escaped)
  elseif kind == "search" then
    return wrk.format("GET", "/api/search?q=" .. question.encoded)
  elseif kind == "clause" then
    return wrk.format("GET", "/api/clauses/" .. clauses[(counter % #clauses) + 1])
  elseif kind == "feedback" then
    -- a reply to rate first: a thread's first feedback (or every one, with SOAK_ONLY=feedback)
    if not last_reply then return chat("/api/chat", question.escaped) end
    return wrk.format("POST", "/api/feedback", JSON, '{"reply_id": "' .. last_reply .. '", "rating": "up"}')
  end
  return wrk.format("GET", PAGES[(counter % #PAGES) + 1])
end

function response(status, headers, body)
  if status >= 500 then failed_5xx = failed_5xx + 1 elseif status >= 400 then failed_4xx = failed_4xx + 1 end
  local reply = body:match('^{"id":"(%x+)"')
  if reply then last_reply = reply end
end

function done(summary, latency, requests)
  local e = summary.errors
  local c4, c5 = 0, 0
  for _, thread in ipairs(threads) do
    c4 = c4 + thread:get("failed_4xx")
    c5 = c5 + thread:get("failed_5xx")
  end
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"status_4xx": %d, "status_5xx": %d, "p50_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f}\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status, e.timeout, c4, c5,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
