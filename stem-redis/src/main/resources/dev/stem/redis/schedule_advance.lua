#!lua
-- Replaces the state of an enabled entry only while its next run is still the expected one (a
-- compare-and-set on its score in the due index, which holds exactly the enabled entries with a next run).
--
-- KEYS: [1] states hash, [2] due index
-- ARGV: [1] id, [2] expected next run (ms), [3] new state JSON, [4] new next run (ms), or '' when none is left
-- Returns 1 if the state was replaced, else 0.
local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not score or tonumber(score) ~= tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if ARGV[4] == '' then
  redis.call('ZREM', KEYS[2], ARGV[1])
else
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
end
return 1
