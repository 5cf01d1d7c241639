#!lua
-- Deletes a schedule entry and its index entry.
--
-- KEYS: [1] entries hash, [2] due index
-- ARGV: [1] id
-- Returns 1 when the entry existed, else 0.
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('HDEL', KEYS[1], ARGV[1])
