-- Stores task results, then acks entries, in one step (store_result of results.lua, then
-- held_entries and remove_entries of acks.lua). A result that belongs to one of the listed entries
-- is stored only while the caller still holds that entry (the ownership check of the ack), so a
-- holder that lost its lease changes nothing; a result of no listed entry is stored as
-- result_store_all.lua stores it. Every stored result is written before anything is acked. The
-- result hashes and the streams share no hash tag, so this runs only outside Redis Cluster.
--
-- KEYS: [1..r] the result hashes, [r+1..] the streams the entries are in
-- ARGV: [1] r, the number of results, [2] time to live (ms) of the results, [3..2+6r] six values
--       per result: attempt, delivery, record JSON, channel, '1' when terminal, and its entry as
--       '<stream index> <entry id> <consumer>' (or '' when it has none); [3+6r] group, then one
--       triple per entry: index of its stream among the streams (1 for KEYS[r+1]), entry id, consumer
-- Returns how many distinct entries were held, and are now gone.
local results = tonumber(ARGV[1])
local first_arg = 3 + 6 * results
local found = held_entries(results + 1, first_arg)
local held_set = found[2]
for i = 0, results - 1 do
  local base = 3 + i * 6
  local entry = ARGV[base + 5]
  if entry == '' or held_set[entry] then
    store_result(KEYS[1 + i], ARGV[2], ARGV[base], ARGV[base + 1], ARGV[base + 2], ARGV[base + 3], ARGV[base + 4])
  end
end
return remove_entries(results + 1, first_arg, found[1])
