-- Gives back the amounts of one call's reservations, each only if its counter is still in the window it was
-- reserved in (a counter that restarted is left alone). Redis 7.0 / Valkey 7.2 commands only.
-- KEYS[i]: the counter instance's hash; ARGV[2i-1], ARGV[2i]: the window start reserved in, the amount.
for i = 1, #KEYS do
  local stored = redis.call('HMGET', KEYS[i], 'w', 'v')
  if stored[1] == ARGV[2 * i - 1] then
    local value = (tonumber(stored[2]) or 0) - tonumber(ARGV[2 * i])
    if value < 0 then
      value = 0
    end
    redis.call('HSET', KEYS[i], 'v', string.format('%d', value))
  end
end
return #KEYS
