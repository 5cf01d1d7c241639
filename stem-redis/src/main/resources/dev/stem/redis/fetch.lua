#!lua
-- Leases up to `count` entries of one queue to `consumer`, in three steps:
--   1. moves delayed messages that are due by server time into their streams (batched);
--   2. when asked, reclaims entries idle for longer than the lease (XAUTOCLAIM), reading each
--      one's delivery count from the pending entries list; entries deleted while pending come back
--      from XAUTOCLAIM as bare ids and are recorded as dead letters, their payload being lost;
--   3. reads new entries (XREADGROUP ... >), highest priority level first, creating the consumer
--      group on first use (or again after a restart that lost it).
--
-- KEYS: [1..3] the queue's streams, highest priority level first, [4] delayed set,
--       [5] dead letter stream, [6] dead letter index
-- ARGV: [1] group, [2] consumer, [3] count, [4] lease (ms), [5] '1' to reclaim,
--       [6] most delayed messages to move, [7] reason code for entries deleted while pending
-- Returns {entries, wait}. entries lists {stream index, entry id, delivery count, fields}.
-- wait is empty when entries is not; otherwise it holds the last ids of the three streams (to
-- block on) and the ms until the next delayed message is due (-1 when there is none).
local group, consumer = ARGV[1], ARGV[2]
local remaining = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local due = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, tonumber(ARGV[6]))
for _, member in ipairs(due) do
  -- a member is '<level>:<payload>'; level 2 is KEYS[1], level 0 is KEYS[3]
  redis.call('XADD', KEYS[3 - tonumber(string.sub(member, 1, 1))], '*', 'payload', string.sub(member, 3))
  redis.call('ZREM', KEYS[4], member)
end

local entries = {}
if ARGV[5] == '1' then
  for i = 1, 3 do
    if remaining <= 0 then
      break
    end
    local claimed = redis.pcall('XAUTOCLAIM', KEYS[i], group, consumer, ARGV[4], '0-0', 'COUNT', remaining)
    if claimed.err then
      if not string.find(claimed.err, 'NOGROUP', 1, true) then
        return redis.error_reply(claimed.err)
      end
    else
      for _, entry in ipairs(claimed[2]) do
        local pending = redis.call('XPENDING', KEYS[i], group, entry[1], entry[1], 1)
        entries[#entries + 1] = {i, entry[1], pending[1][4], entry[2]}
        remaining = remaining - 1
      end
      for _, id in ipairs(claimed[3]) do
        local dead = redis.call('XADD', KEYS[5], '*', 'id', id, 'payload', '', 'code', ARGV[7],
            'message', 'stream entry ' .. id .. ' of ' .. KEYS[i] .. ' was deleted while leased; its payload is lost',
            'errorType', '', 'deadAt', now)
        redis.call('HSET', KEYS[6], id, dead)
      end
    end
  end
end

for i = 1, 3 do
  if remaining <= 0 then
    break
  end
  local read = redis.pcall('XREADGROUP', 'GROUP', group, consumer, 'COUNT', remaining, 'STREAMS', KEYS[i], '>')
  if type(read) == 'table' and read.err then
    if not string.find(read.err, 'NOGROUP', 1, true) then
      return redis.error_reply(read.err)
    end
    redis.call('XGROUP', 'CREATE', KEYS[i], group, '0', 'MKSTREAM')
    read = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', remaining, 'STREAMS', KEYS[i], '>')
  end
  if read then
    for _, entry in ipairs(read[1][2]) do
      entries[#entries + 1] = {i, entry[1], 1, entry[2]}
      remaining = remaining - 1
    end
  end
end

if #entries > 0 then
  return {entries, {}}
end
local wait = {}
for i = 1, 3 do
  local info = redis.call('XINFO', 'STREAM', KEYS[i])
  for j = 1, #info, 2 do
    if info[j] == 'last-generated-id' then
      wait[i] = info[j + 1]
    end
  end
end
local upcoming = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')
if upcoming[2] then
  wait[4] = math.max(0, tonumber(upcoming[2]) - now)
else
  wait[4] = -1
end
return {entries, wait}
