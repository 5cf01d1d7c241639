#!lua flags=no-writes
-- Counts one queue's messages by state at one moment. Acked entries are deleted, so each stream
-- holds exactly its pending (leased) entries and its undelivered (ready) ones.
--
-- KEYS: [1..3] the queue's streams, [4] delayed set, [5] dead letter stream
-- ARGV: [1] group
-- Returns {ready, delayed, in flight, dead}.
local ready, leased = 0, 0
for i = 1, 3 do
  local length = redis.call('XLEN', KEYS[i])
  local held = 0
  local pending = redis.pcall('XPENDING', KEYS[i], ARGV[1])
  if not pending.err then
    held = pending[1]
  end
  ready = ready + math.max(0, length - held)
  leased = leased + held
end
return {ready, redis.call('ZCARD', KEYS[4]), leased, redis.call('XLEN', KEYS[5])}
