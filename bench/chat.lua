-- wrk script: POST /api/chat, cycling through the bodies in BENCH_BODIES (one JSON body per line).
-- With BENCH_DISTINCT=1 every request's question is made unique (a counter replaces "{n}"),
-- so no cache can answer it; otherwise the same few questions repeat.
local bodies = {}
for line in io.lines(os.getenv("BENCH_BODIES")) do bodies[#bodies + 1] = line end
local distinct = os.getenv("BENCH_DISTINCT") == "1"
-- a tag of its own per run, so one run's questions are never another's cache hits
local run = os.getenv("BENCH_RUN") or ""
local threads = {}
local counter = 0
local id = 0

function setup(thread)
  id = id + 1
  thread:set("id", id)
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  local body = bodies[(counter % #bodies) + 1]
  if distinct then
    -- letters, not digits, so the date reader never takes the tag for a date
    local tag = (tostring(id) .. "x" .. tostring(counter)):gsub("%d", function(d) return string.char(97 + tonumber(d)) end)
    body = body:gsub("{n}", run .. tag, 1)
  else
    body = body:gsub(" %({n}%)", "", 1)
  end
  return wrk.format("POST", "/api/chat", {["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "mean_ms": %.3f}\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.mean / 1000))
end
