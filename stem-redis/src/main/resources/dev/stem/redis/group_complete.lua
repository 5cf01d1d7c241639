#!lua
-- Records that a member of a group finished. Members are kept as sets, so a member that finishes
-- twice counts once; the sets expire with the group.
--
-- KEYS: [1] size, [2] finished members set, [3] failed members set
-- ARGV: [1] member id, [2] '1' when it failed
-- Returns {size, finished, failed}, or an empty list when the group is unknown or expired.
local size = redis.call('GET', KEYS[1])
if not size then
  return {}
end
local ttl = redis.call('PTTL', KEYS[1])
redis.call('SADD', KEYS[2], ARGV[1])
if ARGV[2] == '1' then
  redis.call('SADD', KEYS[3], ARGV[1])
end
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[2], ttl)
  if redis.call('EXISTS', KEYS[3]) == 1 then
    redis.call('PEXPIRE', KEYS[3], ttl)
  end
end
return {tonumber(size), redis.call('SCARD', KEYS[2]), redis.call('SCARD', KEYS[3])}
