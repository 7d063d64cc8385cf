-- wrk script: every request is one MCP tools/call of list_workflows (the limited call of limited-policy.yaml), posted
-- as JSON-RPC over keep-alive connections, no session (the proxy then scopes no counter by session). done() prints
-- one machine-readable line for limited-calls.sh. A response() hook is left out on purpose: it would hand every body
-- to Lua and make wrk, not the proxy, the bottleneck; the script checks answers and counts another way.
wrk.method = "POST"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_workflows","arguments":{}}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d errors=%d status_errors=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
      errors, summary.errors.status))
end
