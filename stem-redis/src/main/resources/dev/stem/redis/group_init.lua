#!lua
-- Creates (or resets) the counters of a group.
--
-- KEYS: [1] size, [2] finished members set, [3] failed members set, [4] callback claim
-- ARGV: [1] size, [2] time to live (ms)
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
