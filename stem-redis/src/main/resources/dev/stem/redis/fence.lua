#!lua
-- The ownership check of reliability rule 2, put in front of every script that changes a
-- leased entry (RedisScripts.fenced): XACK and XCLAIM do not check who holds an entry, so a
-- stale consumer could otherwise remove or extend an entry another consumer now holds.
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

