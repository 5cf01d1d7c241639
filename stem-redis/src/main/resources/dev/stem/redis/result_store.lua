#!lua
-- Stores a task result unless a record of a higher attempt is stored, and announces terminal
-- records on the task's channel so waiting callers wake up at once.
--
-- KEYS: [1] result hash (fields attempt and record)
-- ARGV: [1] attempt, [2] record JSON, [3] time to live (ms), [4] channel, [5] '1' when terminal
-- Returns 1 when stored, 0 when a later attempt's record is kept.
local stored = redis.call('HGET', KEYS[1], 'attempt')
if stored and tonumber(stored) > tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'attempt', ARGV[1], 'record', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if ARGV[5] == '1' then
  redis.call('PUBLISH', ARGV[4], ARGV[1])
end
return 1
