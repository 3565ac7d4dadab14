-- wrk script of bench/serving.sh: POSTs one JSON body to one path and, when done, prints one machine-readable line
--
--   WRK requests=<n> duration_s=<s> rps=<r> p50_ms=<ms> p99_ms=<ms> max_ms=<ms> non2xx=<n> socket_errors=<n>
--
-- (non2xx counts answers with a status of 400 or more, as wrk's "Non-2xx or 3xx responses").
-- Environment: SERVING_BODY_FILE, the file holding the body; SERVING_PATH, the request path.
local f = assert(io.open(os.getenv("SERVING_BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.path = os.getenv("SERVING_PATH")
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "WRK requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
