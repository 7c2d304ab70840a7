-- wrk script for ./bench.sh's cross-check: POSTs the body in $WRK_BODY and counts every answer
-- that is not HTTP 200 with "code":0, so a fast wrong answer does not count as throughput.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open(os.getenv("WRK_BODY"), "rb"); wrk.body = f:read("*a"); f:close()
local threads = {}
function setup(thread) table.insert(threads, thread) end
-- $WRK_DELAY_MS: each connection pauses that long between requests (a paced load, not saturation);
-- wrk's latency figures exclude the pause.
local pause = tonumber(os.getenv("WRK_DELAY_MS") or "")
if pause then function delay() return pause end end
function init(args) wrong = 0 end
function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"code":0', 1, true) then wrong = wrong + 1 end
end
function done(summary, latency, requests)
  local w = 0
  for _, t in ipairs(threads) do w = w + t:get("wrong") end
  io.write(string.format("wrk-result %d %d %.6f %.3f %.3f %.3f %.3f\n", summary.requests, w, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
