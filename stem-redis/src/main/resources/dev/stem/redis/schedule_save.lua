#!lua
-- Creates or replaces a schedule entry and its state; enabled entries with a next run are indexed by it.
--
-- KEYS: [1] entries hash (id to entry JSON), [2] states hash (id to state JSON),
--       [3] due index (sorted set of ids by next run, ms)
-- ARGV: [1] id, [2] entry JSON, [3] state JSON, [4] next run (ms), or '' when the entry is disabled or finished
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
if ARGV[4] == '' then
  redis.call('ZREM', KEYS[3], ARGV[1])
else
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
end
return 1
