-- Reserves an amount in every period at once, or in none: for each period with a limit,
-- cost + reserved + amount must stay <= limit. Expired reservations (their process crashed or
-- never committed) are released first.
-- KEYS[1..n] the period hashes (fields calls, cost, reserved); KEYS[n+1..2n] their reservation
-- sorted sets (member "<id>:<amount>", score = expiry in epoch ms)
-- ARGV[1] now (epoch ms); ARGV[2] the reservation's expiry (epoch ms); ARGV[3] the member
-- ('' for a zero amount, which holds nothing);
-- ARGV[4] the amount; ARGV[5..4+n] the limits ('' = none); ARGV[5+n..4+2n] the keys' TTLs (s)
-- returns {1 if reserved else 0, cost of period 1, ..., cost of period n}
local n = #KEYS / 2
local now = ARGV[1]
local amount = ARGV[4]
local member = ARGV[3]
dsplit(amount)
if member ~= '' and amount_of(member) ~= amount then
  error('q2o-llm: reservation member does not carry its amount')
end
local cost, reserved, purged = {}, {}, {}
for i = 1, n do
  local r = redis.call('HGET', KEYS[i], 'reserved') or '0'
  local expired = redis.call('ZRANGEBYSCORE', KEYS[n + i], '-inf', now)
  for _, m in ipairs(expired) do
    r = dsub(r, amount_of(m))
  end
  reserved[i] = r
  purged[i] = #expired
  cost[i] = redis.call('HGET', KEYS[i], 'cost') or '0'
  if ARGV[4 + i] ~= '' then dsplit(ARGV[4 + i]) end
end
local ok = 1
for i = 1, n do
  local limit = ARGV[4 + i]
  if limit ~= '' and dcmp(dadd(dadd(cost[i], reserved[i]), amount), limit) > 0 then
    ok = 0
  end
end
for i = 1, n do
  local ttl = ARGV[4 + n + i]
  if purged[i] > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[n + i], '-inf', now)
  end
  if ok == 1 and member ~= '' then
    reserved[i] = dadd(reserved[i], amount)
    redis.call('ZADD', KEYS[n + i], ARGV[2], member)
  end
  if ok == 1 or purged[i] > 0 then
    redis.call('HSET', KEYS[i], 'reserved', reserved[i])
    redis.call('EXPIRE', KEYS[i], ttl)
    redis.call('EXPIRE', KEYS[n + i], ttl)
  end
end
local out = {ok}
for i = 1, n do out[i + 1] = cost[i] end
return out
