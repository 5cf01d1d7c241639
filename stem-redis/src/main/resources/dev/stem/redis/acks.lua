-- Prelude fragment: acking entries (ack.lua, settle.lua); needs held() of fence.lua.
--
-- The entries are listed from ARGV[first_arg]: the group, followed up to the end of ARGV by one
-- triple per entry: index of its stream among the streams KEYS[first_key] onwards (1 for
-- KEYS[first_key]), entry id, consumer.
--
-- held_entries(first_key, first_arg) finds which listed entries their consumer still holds and
-- returns {by stream index: list of held ids, set of held '<index> <id> <consumer>'}. The check is
-- batched: per stream and consumer, one XPENDING filtered by the consumer lists what it holds (a
-- consumer holds about one fetch batch per worker slot). Only when it holds more than that reply
-- carries are the ids the reply did not name checked one by one with held().
local function held_entries(first_key, first_arg)
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

  local by_stream = {}
  local held_set = {}
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
            held_set[index .. ' ' .. id .. ' ' .. consumer] = true
          end
        end
      end
    end
    by_stream[index] = gone
  end
  return {by_stream, held_set}
end

-- remove_entries(first_key, first_arg, by_stream) acks and deletes the held entries that
-- held_entries found: one XACK and one XDEL per stream. Returns how many.
local function remove_entries(first_key, first_arg, by_stream)
  local removed = 0
  for index, ids in pairs(by_stream) do
    if #ids > 0 then
      local key = KEYS[first_key + index - 1]
      redis.call('XACK', key, ARGV[first_arg], unpack(ids))
      redis.call('XDEL', key, unpack(ids))
      removed = removed + #ids
    end
  end
  return removed
end

-- ack_entries(first_key, first_arg) acks and deletes every listed entry that its consumer still
-- holds. Returns how many distinct entries were held, and are now gone.
local function ack_entries(first_key, first_arg)
  return remove_entries(first_key, first_arg, held_entries(first_key, first_arg)[1])
end
