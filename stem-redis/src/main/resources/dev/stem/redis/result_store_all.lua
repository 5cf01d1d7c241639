-- Stores many task results in one call, each as result_store.lua does: unless a record of a
-- higher attempt is stored, and announcing terminal records on the task's channel
-- (store_results of results.lua).
--
-- KEYS: the result hashes
-- ARGV: [1] time to live (ms), then four values per key: attempt, record JSON, channel, '1' when terminal
-- Returns how many were stored.
return store_results(1, #KEYS, 1)
