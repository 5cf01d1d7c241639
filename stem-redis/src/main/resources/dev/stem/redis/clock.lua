-- Prelude fragment: the queue clock (fetch.lua, extend.lua), which keeps reclaims from racing live
-- holders after a silence.
--
-- A queue's clock is a hash with `last-seen` (server time in ms of the last fetch or lease
-- extension on the queue) and `reclaim-not-before`. observe_clock(clock, lease) reads the server
-- time; when more than half of `lease` (ms), and at least a second, passed since `last-seen` (the
-- server was frozen or unreachable, or no worker was running), it moves `reclaim-not-before` to one lease from now, so
-- every live holder gets a whole lease to extend its leases before any of them is reclaimed. Then
-- it records now as `last-seen`. The second's floor is above the gaps between an idle worker's
-- fetches (a blocking read's timeout fires on the server's clock tick, 100 ms at the default hz).
-- Returns {now, reclaim-not-before}.
local function observe_clock(clock, lease)
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local seen = redis.call('HMGET', clock, 'last-seen', 'reclaim-not-before')
  local not_before = tonumber(seen[2]) or 0
  if seen[1] and now - tonumber(seen[1]) > math.max(lease / 2, 1000) and now + lease > not_before then
    not_before = now + lease
    redis.call('HSET', clock, 'last-seen', now, 'reclaim-not-before', not_before)
  else
    redis.call('HSET', clock, 'last-seen', now)
  end
  return {now, not_before}
end
