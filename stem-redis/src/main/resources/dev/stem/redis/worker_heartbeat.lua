#!lua
-- Records a worker heartbeat: its info with the heartbeat's time to live, and its id in the index.
--
-- KEYS: [1] worker key, [2] index set
-- ARGV: [1] worker id, [2] info JSON, [3] time to live (ms)
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
