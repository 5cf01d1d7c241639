#!lua
-- Creates or replaces a schedule entry; enabled entries with a next run are indexed by it.
--
-- KEYS: [1] entries hash (id to entry JSON), [2] due index (sorted set of ids by next run, ms)
-- ARGV: [1] id, [2] entry JSON, [3] next run (ms), or '' when the entry is disabled or finished
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] == '' then
  redis.call('ZREM', KEYS[2], ARGV[1])
else
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
end
return 1
