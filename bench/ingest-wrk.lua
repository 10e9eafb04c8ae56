-- wrk script for bench/ingest.sh: keep-alive POSTs of a UIS "call finished" notification (bench/call-finished.json),
-- each with its own call_session_id so that the ingest never deduplicates two requests of the benchmark.
--   wrk ... -s bench/ingest-wrk.lua URL -- BODY_FILE ID_BASE
-- call_session_id = ID_BASE + thread_index * 1e9 + n, n = 1, 2, ... per thread (every connection of a thread shares
-- the thread's counter, so ids are unique across connections too). The done() hook prints one machine-readable
-- line: completed requests, non-2xx answers, socket errors and the number of requests written (sent >= completed:
-- the requests in flight when wrk stops are written but never counted).
local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(args[1], "rb"))
  local body = f:read("*a"):gsub("%s+$", "")
  f:close()
  local s, e = body:find("__CALL_SESSION_ID__", 1, true)
  assert(s, "no __CALL_SESSION_ID__ in " .. args[1])
  head, tail = body:sub(1, s - 1), body:sub(e + 1)
  base = tonumber(args[2]) + thread_index * 1e9
  sent = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  sent = sent + 1
  return wrk.format(nil, nil, nil, head .. string.format("%d", base + sent) .. tail)
end

function done(summary, latency, requests)
  local written = 0
  for _, t in ipairs(threads) do written = written + t:get("sent") end
  local e = summary.errors
  io.write(string.format(
    "RESULT completed=%d non2xx=%d errors=%d sent=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout, written, summary.duration / 1e6,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
