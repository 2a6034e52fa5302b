-- Failed logins: each one a write (an audit event) through the real server.
local n = 0
request = function()
  n = n + 1
  local body = '{"username":"load' .. n .. '","password":"wrong-password"}'
  return wrk.format("POST", "/api/v1/session", {["Content-Type"] = "application/json"}, body)
end
local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  for s, c in pairs(statuses) do io.write(string.format("status %d: %d\n", s, c)) end
end
