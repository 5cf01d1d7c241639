#!lua flags=no-writes
-- Reads the counters of a group at one moment.
--
-- KEYS: [1] size, [2] finished members set, [3] failed members set
-- Returns {size, finished, failed}, or an empty list when the group is unknown or expired.
local size = redis.call('GET', KEYS[1])
if not size then
  return {}
end
return {tonumber(size), redis.call('SCARD', KEYS[2]), redis.call('SCARD', KEYS[3])}
