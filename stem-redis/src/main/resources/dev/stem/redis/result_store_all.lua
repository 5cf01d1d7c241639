-- Stores task results in one call, each as store_result of results.lua does: fenced by attempt,
-- delivery and terminal state, announcing terminal records on the task's channel.
--
-- KEYS: the result hashes
-- ARGV: [1] time to live (ms), then five values per key: attempt, delivery, record JSON, channel,
--       '1' when terminal
-- Returns how many were stored.
return store_results(1, #KEYS, 1)
