-- wrk script for scripts/loadtest.sh: every connection goes through LOAD_PATHS in turn,
-- pages with the session cookie LOAD_COOKIE, /api/ paths with the bearer token LOAD_TOKEN;
-- at the end, one JSON line of figures (wrk's own summary has no 95th percentile).
local paths = {}
for path in string.gmatch(os.getenv("LOAD_PATHS") or "/healthz", "%S+") do
  table.insert(paths, path)
end
local cookie = os.getenv("LOAD_COOKIE") or ""
local token = os.getenv("LOAD_TOKEN") or ""
local turn = 0

function init(args)
  turn = math.random(#paths)
end

function request()
  turn = turn % #paths + 1
  local path = paths[turn]
  local headers = {}
  if string.sub(path, 1, 5) == "/api/" then
    headers["Authorization"] = "Bearer " .. token
  else
    headers["Cookie"] = cookie
  end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "errors": %d, "non_2xx": %d, "seconds": %.1f, "req_per_s": %.1f, ' ..
    '"p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f}\n',
    summary.requests, e.connect + e.read + e.write + e.timeout + e.status, e.status, seconds,
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
