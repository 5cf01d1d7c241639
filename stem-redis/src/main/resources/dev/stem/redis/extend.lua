-- Restarts the lease of a held entry: XCLAIM to the same consumer resets its idle time;
-- JUSTID leaves the delivery count alone.
--
-- KEYS: [1] stream
-- ARGV: [1] group, [2] entry id, [3] consumer
-- Returns 1, or 0 when the consumer no longer holds the entry.
if not held(KEYS[1], ARGV[1], ARGV[2], ARGV[3]) then
  return 0
end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'JUSTID')
return 1
