-- Prelude fragment: storing task results (result_store_all.lua, settle.lua).
--
-- store_results(first_key, count, first_arg) stores `count` task results, each as result_store.lua
-- does: unless a record of a higher attempt is stored, and announcing terminal records on the
-- task's channel. Their result hashes are KEYS[first_key] to KEYS[first_key + count - 1];
-- ARGV[first_arg] is the time to live (ms), followed by four values per key: attempt, record JSON,
-- channel, '1' when terminal. Returns how many were stored.
local function store_results(first_key, count, first_arg)
  local ttl = ARGV[first_arg]
  local stored = 0
  for i = 0, count - 1 do
    local key = KEYS[first_key + i]
    local base = first_arg + 1 + i * 4
    local attempt = ARGV[base]
    local current = redis.call('HGET', key, 'attempt')
    if not current or tonumber(current) <= tonumber(attempt) then
      redis.call('HSET', key, 'attempt', attempt, 'record', ARGV[base + 1])
      redis.call('PEXPIRE', key, ttl)
      if ARGV[base + 3] == '1' then
        redis.call('PUBLISH', ARGV[base + 2], attempt)
      end
      stored = stored + 1
    end
  end
  return stored
end
