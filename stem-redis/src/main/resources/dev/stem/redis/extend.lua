-- Renews the lease of a held entry: XCLAIM to the same consumer sets its idle time to
-- (horizon - lease), so reclaimers, which take entries idle for the horizon, leave it alone for
-- `lease` from now; JUSTID leaves the delivery count alone. Like a fetch, it observes the queue's
-- clock (clock.lua), so an extension that is the first command after a silence postpones reclaims
-- as a fetch would.
--
-- KEYS: [1] stream, [2] queue clock
-- ARGV: [1] group, [2] entry id, [3] consumer, [4] idle time to set (ms), [5] lease (ms)
-- Returns 1, or 0 when the consumer no longer holds the entry.
observe_clock(KEYS[2], tonumber(ARGV[5]))
if not held(KEYS[1], ARGV[1], ARGV[2], ARGV[3]) then
  return 0
end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'IDLE', ARGV[4], 'JUSTID')
return 1
