#!lua
-- Releases a lock only for the holder of its token (compare and DEL).
--
-- KEYS: [1] lock
-- ARGV: [1] token
-- Returns 1 when released, 0 when the lock is held by someone else or by nobody.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
