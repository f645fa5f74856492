-- Releases a reservation (if it is still held) and adds the actual cost, in every period.
-- KEYS as for reserve.lua; ARGV[1] the reservation member ('' = none); ARGV[2] the actual cost;
-- ARGV[3..2+n] the keys' TTLs (s)
-- returns the committed cost of each period after the update
local n = #KEYS / 2
local member = ARGV[1]
local actual = ARGV[2]
dsplit(actual)
local amount = nil
if member ~= '' then amount = amount_of(member) end
local out = {}
for i = 1, n do
  local r = redis.call('HGET', KEYS[i], 'reserved') or '0'
  local c = redis.call('HGET', KEYS[i], 'cost') or '0'
  if amount ~= nil and redis.call('ZREM', KEYS[n + i], member) == 1 then
    r = dsub(r, amount)
  end
  c = dadd(c, actual)
  redis.call('HSET', KEYS[i], 'cost', c, 'reserved', r)
  redis.call('EXPIRE', KEYS[i], ARGV[2 + i])
  out[i] = c
end
return out
