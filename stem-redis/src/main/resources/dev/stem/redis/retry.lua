-- Removes a held entry and schedules the message's next attempt in the delayed set, in one step,
-- so the entry is never acked without its retry being stored (reliability rule 4).
--
-- KEYS: [1] stream, [2] delayed set
-- ARGV: [1] group, [2] entry id, [3] consumer, [4] due time (ms), [5] delayed member
-- Returns 1, or 0 (and changes nothing) when the consumer no longer holds the entry.
if not held(KEYS[1], ARGV[1], ARGV[2], ARGV[3]) then
  return 0
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
return 1
