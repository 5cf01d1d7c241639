#!lua
-- Stores many task results in one call, each as result_store.lua does: unless a record of a
-- higher attempt is stored, and announcing terminal records on the task's channel.
--
-- KEYS: the result hashes
-- ARGV: [1] time to live (ms), then four values per key: attempt, record JSON, channel, '1' when terminal
-- Returns how many were stored.
local ttl = ARGV[1]
local stored = 0
for i, key in ipairs(KEYS) do
  local base = 2 + (i - 1) * 4
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
