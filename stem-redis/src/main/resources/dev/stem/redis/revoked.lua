#!lua
-- Lists the revoked task ids whose revoke has not expired, dropping expired ones.
--
-- KEYS: [1] index
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1)
