-- Reads a period. KEYS[1] the period hash; returns {calls, cost}
local v = redis.call('HMGET', KEYS[1], 'calls', 'cost')
return {tonumber(v[1] or '0'), v[2] or '0'}
