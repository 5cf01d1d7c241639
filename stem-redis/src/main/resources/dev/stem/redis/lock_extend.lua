#!lua
-- Extends a lock only for the holder of its token (compare and PEXPIRE).
--
-- KEYS: [1] lock
-- ARGV: [1] token, [2] time to live (ms)
-- Returns 1 when extended, 0 when the lock is held by someone else or by nobody.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
