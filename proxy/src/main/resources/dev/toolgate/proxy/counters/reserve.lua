-- Reserves every claim of one call within its limit, or none (Redis 7.0 / Valkey 7.2 commands only).
-- KEYS[i]: the hash of claim i's counter instance (field w = window start, v = value), all under one hash tag.
-- ARGV[3i-2], ARGV[3i-1], ARGV[3i]: claim i's window length (s), amount, limit (-1: no limit, counted only).
-- The clock is the server's TIME, so replicas with skewed clocks agree on windows. Every claim is checked before any
-- is written; claims on the same key count together, in claim order.
-- Returns {0, index (0-based), seconds until that claim's window ends} when a claim is over its limit (nothing
-- written), else {1, now, window start of each claim...}.
local now = tonumber(redis.call('TIME')[1])
local starts, ends, seen = {}, {}, {}
for i = 1, #KEYS do
  local length = tonumber(ARGV[3 * i - 2])
  local amount = tonumber(ARGV[3 * i - 1])
  local limit = tonumber(ARGV[3 * i])
  local start = now - (now % length)
  local key = KEYS[i]
  local state = seen[key]
  if state == nil or state.w ~= start then
    local stored = redis.call('HMGET', key, 'w', 'v')
    local value = 0
    -- a window already stored has its expiry set by the reservation that opened it (HSET keeps it)
    local fresh = true
    if tonumber(stored[1]) == start then
      value = tonumber(stored[2]) or 0
      fresh = false
    end
    if state ~= nil and state.w ~= start then
      value = 0
      fresh = true
    end
    state = {w = start, v = value, e = start + length, fresh = fresh}
    seen[key] = state
  end
  local next = state.v + amount
  if limit >= 0 and next > limit then
    return {0, i - 1, start + length - now}
  end
  state.v = next
  if start + length > state.e then
    state.e = start + length
    state.fresh = true
  end
  starts[i] = start
end
for key, state in pairs(seen) do
  redis.call('HSET', key, 'w', string.format('%d', state.w), 'v', string.format('%d', state.v))
  -- the instance is forgotten once its window ended (a second of slack for rollbacks arriving at the boundary); set
  -- when the window opens, not on every call: one command less per reservation
  if state.fresh then
    redis.call('EXPIREAT', key, state.e + 1)
  end
end
local reply = {1, now}
for i = 1, #starts do
  reply[i + 2] = starts[i]
end
return reply
