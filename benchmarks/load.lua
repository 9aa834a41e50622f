-- wrk script for load.sh: POSTs the request body in the file given after "--", with a fresh hookInstance per
-- request (the service answers a repeated one 409), and prints one machine-readable RESULT line at the end.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  local file = assert(io.open(args[1], "rb"))
  local body = file:read("*a")
  file:close()
  local s, e = body:find('"hookInstance":"[^"]*"')
  assert(s, "no hookInstance in " .. args[1])
  before, after = body:sub(1, s + 14), body:sub(e + 1)
  -- Unique per run and thread; the counter makes the last 12 hex digits.
  prefix = string.format("%08x-%04x-4000-8000-", os.time() % 4294967296, tid)
  counter = 0
  headers = { ["Content-Type"] = "application/json" }
end

function request()
  counter = counter + 1
  return wrk.format("POST", nil, headers, before .. '"' .. prefix .. string.format("%012x", counter) .. '"' .. after)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50=%.2f p90=%.2f p99=%.2f max=%.2f non2xx=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
