#!lua flags=no-writes
-- Counts one queue's messages by state at one moment. Acked entries are deleted, so each stream
-- holds exactly its pending (leased) entries and its undelivered (ready) ones.
--
-- KEYS: [1..n] the queue's streams, [n+1] delayed set, [n+2] dead letter stream
-- ARGV: [1] group
-- Returns {ready, delayed, in flight, dead}.
local n = #KEYS - 2
local ready, leased = 0, 0
for i = 1, n do
  local length = redis.call('XLEN', KEYS[i])
  if length > 0 then
    local held = 0
    local pending = redis.pcall('XPENDING', KEYS[i], ARGV[1])
    if not pending.err then
      held = pending[1]
    end
    ready = ready + math.max(0, length - held)
    leased = leased + held
  end
end
return {ready, redis.call('ZCARD', KEYS[n + 1]), leased, redis.call('XLEN', KEYS[n + 2])}
