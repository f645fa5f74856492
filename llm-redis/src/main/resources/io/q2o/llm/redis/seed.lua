-- Adds calls and committed cost to a period (start-up restore, replay after an outage).
-- KEYS[1] the period hash; ARGV[1] calls to add; ARGV[2] cost to add; ARGV[3] the key's TTL (s)
-- returns {calls, cost} after the update
local add = ARGV[2]
dsplit(add)
local calls = redis.call('HINCRBY', KEYS[1], 'calls', ARGV[1])
local c = dadd(redis.call('HGET', KEYS[1], 'cost') or '0', add)
redis.call('HSET', KEYS[1], 'cost', c)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {calls, c}
