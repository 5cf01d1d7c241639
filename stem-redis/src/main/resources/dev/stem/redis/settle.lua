-- Stores task results, then acks entries, in one step: store_results of results.lua (as
-- result_store_all.lua), then ack_entries of acks.lua (as ack.lua). Every result is stored before
-- anything is acked, whether or not the entries are still held. The result hashes and the streams
-- share no hash tag, so this runs only outside Redis Cluster.
--
-- KEYS: [1..r] the result hashes, [r+1..] the streams the entries are in
-- ARGV: [1] r, the number of results, [2] time to live (ms) of the results, [3..2+4r] four values
--       per result: attempt, record JSON, channel, '1' when terminal; [3+4r] group, then one triple
--       per entry: index of its stream among the streams (1 for KEYS[r+1]), entry id, consumer
-- Returns how many distinct entries were held, and are now gone.
local results = tonumber(ARGV[1])
store_results(1, results, 2)
return ack_entries(results + 1, 3 + 4 * results)
