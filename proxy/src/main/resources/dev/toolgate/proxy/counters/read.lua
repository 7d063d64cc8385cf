-- Reads counters in their current window by the server's TIME (0 for a counter whose window restarted or that has
-- none). KEYS[i]: the counter instance's hash; ARGV[i]: its window length in seconds. Returns the values in order.
local now = tonumber(redis.call('TIME')[1])
local values = {}
for i = 1, #KEYS do
  local length = tonumber(ARGV[i])
  local stored = redis.call('HMGET', KEYS[i], 'w', 'v')
  if tonumber(stored[1]) == now - (now % length) then
    values[i] = tonumber(stored[2]) or 0
  else
    values[i] = 0
  end
end
return values
