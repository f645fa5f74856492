-- Counts one call in a period if that keeps the count at or below the limit.
-- KEYS[1] the period hash; ARGV[1] the limit (<= 0: none); ARGV[2] the key's TTL in seconds
-- returns {1 if counted else 0, calls in the period}
local limit = tonumber(ARGV[1])
local n = tonumber(redis.call('HGET', KEYS[1], 'calls') or '0')
if limit > 0 and n >= limit then
  return {0, n}
end
n = redis.call('HINCRBY', KEYS[1], 'calls', 1)
redis.call('EXPIRE', KEYS[1], ARGV[2])
return {1, n}
