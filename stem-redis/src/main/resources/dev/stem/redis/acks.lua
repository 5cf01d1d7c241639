-- Prelude fragment: acking entries (ack.lua, settle.lua); needs held() of fence.lua.
--
-- ack_entries(first_key, first_arg) acks and deletes (XACK + XDEL) every listed entry that its
-- consumer still holds. The streams are KEYS[first_key] onwards; ARGV[first_arg] is the group,
-- followed up to the end of ARGV by one triple per entry: index of its stream among those streams
-- (1 for KEYS[first_key]), entry id, consumer. Returns how many distinct entries were held, and
-- are now gone.
--
-- The ownership check is batched: per stream and consumer, one XPENDING filtered by the consumer
-- lists what it holds (a consumer holds about one fetch batch per worker slot). Only when it holds
-- more than that reply carries are the ids the reply did not name checked one by one with held().
-- Then one XACK and one XDEL per stream remove them all.
local function ack_entries(first_key, first_arg)
  local group = ARGV[first_arg]

  local batches = {}
  local seen = {}
  for i = first_arg + 1, #ARGV, 3 do
    local index, id, consumer = tonumber(ARGV[i]), ARGV[i + 1], ARGV[i + 2]
    local entry = index .. ' ' .. id .. ' ' .. consumer
    if not seen[entry] then
      seen[entry] = true
      batches[index] = batches[index] or {}
      batches[index][consumer] = batches[index][consumer] or {}
      table.insert(batches[index][consumer], id)
    end
  end

  local acked = 0
  for index, by_consumer in pairs(batches) do
    local key = KEYS[first_key + index - 1]
    local gone = {}
    for consumer, ids in pairs(by_consumer) do
      local limit = 2 * #ids + 100
      local pending = redis.pcall('XPENDING', key, group, '-', '+', limit, consumer)
      if pending.err then
        if not string.find(pending.err, 'NOGROUP', 1, true) then
          error(pending.err)
        end
      else
        local owned = {}
        for _, info in ipairs(pending) do
          owned[info[1]] = true
        end
        local complete = #pending < limit
        for _, id in ipairs(ids) do
          if owned[id] or (not complete and held(key, group, id, consumer)) then
            gone[#gone + 1] = id
          end
        end
      end
    end
    if #gone > 0 then
      redis.call('XACK', key, group, unpack(gone))
      redis.call('XDEL', key, unpack(gone))
      acked = acked + #gone
    end
  end
  return acked
end
