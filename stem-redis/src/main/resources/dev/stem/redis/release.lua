-- Gives a held entry back: acks and deletes it and appends a fresh entry with the same payload,
-- which is ready at once and starts again at delivery count 1.
--
-- KEYS: [1] stream
-- ARGV: [1] group, [2] entry id, [3] consumer, [4] payload to use when the entry has none
-- Returns 1, or 0 (and changes nothing) when the consumer no longer holds the entry.
if not held(KEYS[1], ARGV[1], ARGV[2], ARGV[3]) then
  return 0
end
local payload = payload_of(KEYS[1], ARGV[2], ARGV[4])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('XADD', KEYS[1], '*', 'payload', payload)
return 1
