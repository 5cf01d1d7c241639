#!lua
-- Marks a task revoked until its time to live passes: a marker key with that TTL, plus an entry
-- in the index (scored by expiry) for listing. Expired index entries are dropped on the way.
--
-- KEYS: [1] marker, [2] index
-- ARGV: [1] task id, [2] time to live (ms)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], '1', 'PX', ttl)
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('PTTL', KEYS[2]) < ttl then
  redis.call('PEXPIRE', KEYS[2], ttl)
end
return 1
