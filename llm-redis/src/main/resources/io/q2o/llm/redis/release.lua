-- Takes back one call counted by count.lua that never reached a provider; never below zero.
-- KEYS[1] the period hash
-- returns {calls in the period after the update}
local n = tonumber(redis.call('HGET', KEYS[1], 'calls') or '0')
if n <= 0 then
  return {0}
end
return {redis.call('HINCRBY', KEYS[1], 'calls', -1)}
