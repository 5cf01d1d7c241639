-- Acks and deletes (XACK + XDEL) every listed entry that its consumer still holds, with one XACK
-- and one XDEL per stream for the whole batch.
--
-- KEYS: the streams the entries are in
-- ARGV: [1] group, then one triple per entry: index of its stream in KEYS, entry id, consumer
-- Returns how many distinct entries were held, and are now gone.
local group = ARGV[1]
local held_ids = {}
local seen = {}
for i = 2, #ARGV, 3 do
  local index, id = tonumber(ARGV[i]), ARGV[i + 1]
  local entry = index .. ' ' .. id
  if not seen[entry] and held(KEYS[index], group, id, ARGV[i + 2]) then
    seen[entry] = true
    held_ids[index] = held_ids[index] or {}
    table.insert(held_ids[index], id)
  end
end
local acked = 0
for index, ids in pairs(held_ids) do
  redis.call('XACK', KEYS[index], group, unpack(ids))
  redis.call('XDEL', KEYS[index], unpack(ids))
  acked = acked + #ids
end
return acked
