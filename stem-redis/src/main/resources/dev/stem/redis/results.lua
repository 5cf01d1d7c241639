-- Prelude fragment: storing task results (result_store_all.lua, settle.lua).
--
-- A result hash has the fields `record` (the TaskResult JSON) and the fence fields `attempt`,
-- `delivery` and `terminal` ('1' or '0') of the stored record. store_result(key, ttl, attempt,
-- delivery, record, channel, terminal) stores a record only when it may replace the stored one,
-- by the rule of TaskResult.replaces: a later attempt always wins and an earlier one never does;
-- within an attempt a lower delivery (a holder that lost its lease) never replaces a higher one,
-- and a non-terminal record never replaces a terminal one. A stored terminal record is announced
-- on `channel` so waiting callers wake up at once. Returns 1 when stored, else 0.
local function store_result(key, ttl, attempt, delivery, record, channel, terminal)
  local stored = redis.call('HMGET', key, 'attempt', 'delivery', 'terminal')
  if stored[1] then
    local stored_attempt, new_attempt = tonumber(stored[1]), tonumber(attempt)
    if new_attempt ~= stored_attempt then
      if new_attempt < stored_attempt then
        return 0
      end
    elseif tonumber(delivery) < (tonumber(stored[2]) or 0) then
      return 0
    elseif stored[3] == '1' and terminal ~= '1' then
      return 0
    end
  end
  redis.call('HSET', key, 'attempt', attempt, 'delivery', delivery, 'terminal', terminal, 'record', record)
  redis.call('PEXPIRE', key, ttl)
  if terminal == '1' then
    redis.call('PUBLISH', channel, attempt)
  end
  return 1
end

-- store_results(first_key, count, first_arg) stores `count` task results with store_result. Their
-- result hashes are KEYS[first_key] to KEYS[first_key + count - 1]; ARGV[first_arg] is the time to
-- live (ms), followed by five values per key: attempt, delivery, record JSON, channel, '1' when
-- terminal. Returns how many were stored.
local function store_results(first_key, count, first_arg)
  local ttl = ARGV[first_arg]
  local stored = 0
  for i = 0, count - 1 do
    local base = first_arg + 1 + i * 5
    stored = stored + store_result(KEYS[first_key + i], ttl, ARGV[base], ARGV[base + 1], ARGV[base + 2],
        ARGV[base + 3], ARGV[base + 4])
  end
  return stored
end
