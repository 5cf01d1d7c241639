#!lua
-- Deletes a schedule entry, its state and its place in the due index.
--
-- KEYS: [1] entries hash, [2] states hash, [3] due index
-- ARGV: [1] id
-- Returns 1 if the entry existed, else 0.
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return redis.call('HDEL', KEYS[1], ARGV[1])
