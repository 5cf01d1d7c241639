-- Prelude fragment: the ownership check of reliability rule 2, put in front of every script that
-- changes a leased entry (RedisScripts.fenced): XACK and XCLAIM do not check who holds an entry, so
-- a stale consumer could otherwise remove or extend an entry another consumer now holds.
--
-- held(key, group, id, consumer) is true only while `consumer` of `group` still has entry `id`
-- of stream `key` in its pending entries list (XPENDING over the range of exactly that id,
-- filtered by owner). A missing group (for example after a restart that lost the data) means
-- the lease is gone.
local function held(key, group, id, consumer)
  local pending = redis.pcall('XPENDING', key, group, id, id, 1, consumer)
  if type(pending) == 'table' and pending.err then
    if string.find(pending.err, 'NOGROUP', 1, true) then
      return false
    end
    error(pending.err)
  end
  return #pending > 0
end

-- payload_of(key, id, fallback) is the `payload` field of entry `id` of stream `key`, or
-- `fallback` when the entry is gone or has no such field.
local function payload_of(key, id, fallback)
  local entry = redis.call('XRANGE', key, id, id)
  if entry[1] then
    local fields = entry[1][2]
    for i = 1, #fields, 2 do
      if fields[i] == 'payload' then
        return fields[i + 1]
      end
    end
  end
  return fallback
end
