-- Exact arithmetic on non-negative decimal strings ("0", "12.5", "0.000000075"), prepended to
-- every q2o-llm script. Money never passes through Lua numbers (doubles), so sums of any length
-- and scale stay exact. Results are normalised: no leading zeros, no trailing fraction zeros.

local function dsplit(s)
  local i, f = string.match(s, '^(%d+)%.?(%d*)$')
  if i == nil then
    error('q2o-llm: not a non-negative decimal: ' .. tostring(s))
  end
  return i, f
end

-- the digits of a and b padded to the same integer and fraction lengths, and the fraction length
local function dalign(a, b)
  local ai, af = dsplit(a)
  local bi, bf = dsplit(b)
  local fl = math.max(#af, #bf)
  af = af .. string.rep('0', fl - #af)
  bf = bf .. string.rep('0', fl - #bf)
  local il = math.max(#ai, #bi)
  ai = string.rep('0', il - #ai) .. ai
  bi = string.rep('0', il - #bi) .. bi
  return ai .. af, bi .. bf, fl
end

local function dnorm(digits, fl)
  local i = string.sub(digits, 1, #digits - fl)
  local f = string.sub(digits, #digits - fl + 1)
  i = string.gsub(i, '^0+', '')
  f = string.gsub(f, '0+$', '')
  if i == '' then i = '0' end
  if f == '' then return i end
  return i .. '.' .. f
end

-- -1, 0 or 1
local function dcmp(a, b)
  local x, y = dalign(a, b)
  if x == y then return 0 end
  if x < y then return -1 end
  return 1
end

local function dadd(a, b)
  local x, y, fl = dalign(a, b)
  local out = {}
  local carry = 0
  for k = #x, 1, -1 do
    local d = string.byte(x, k) + string.byte(y, k) - 96 + carry
    if d >= 10 then d = d - 10; carry = 1 else carry = 0 end
    out[k] = string.char(48 + d)
  end
  local digits = table.concat(out)
  if carry == 1 then digits = '1' .. digits end
  return dnorm(digits, fl)
end

-- a - b, or "0" if b >= a (amounts never go negative)
local function dsub(a, b)
  local x, y, fl = dalign(a, b)
  if x <= y then return '0' end
  local out = {}
  local borrow = 0
  for k = #x, 1, -1 do
    local d = string.byte(x, k) - string.byte(y, k) - borrow
    if d < 0 then d = d + 10; borrow = 1 else borrow = 0 end
    out[k] = string.char(48 + d)
  end
  return dnorm(table.concat(out), fl)
end

-- the amount of a reservation member "<id>:<amount>"
local function amount_of(member)
  local a = string.match(member, ':([%d%.]+)$')
  dsplit(a or '')
  return a
end
