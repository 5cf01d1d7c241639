#!lua
-- Leases up to `count` entries of one queue to `consumer`, in three steps:
--   1. moves delayed messages that are due by server time into their streams (batched);
--   2. reclaims entries whose lease has lapsed (XAUTOCLAIM, resuming the scan where the last
--      reclaim of the stream stopped) and reads each one's delivery count from the pending entries
--      list; entries deleted while pending come back from XAUTOCLAIM as bare ids and are recorded
--      as dead letters, their payload being lost. This runs first when the caller asks for it,
--      looking at up to 1000 pending entries per stream, and otherwise after step 3 if that left
--      room, looking at up to ten per free place (one XAUTOCLAIM per stream): so a busy consumer
--      does not scan on every call, and one that keeps up scans a little on each;
--   3. reads new entries (XREADGROUP ... >), highest priority first, creating the consumer group
--      on first use (or again after a restart that lost it).
--
-- Leases are kept in the pending entries list: an entry counts as expired once its idle time
-- reaches the horizon, so each leased entry's idle time is set to (horizon - lease) with
-- XCLAIM ... IDLE ... JUSTID (JUSTID leaves the delivery count alone).
--
-- KEYS: [1..n] the queue's streams, highest priority first, [n+1] delayed set,
--       [n+2] dead letter stream, [n+3] dead letter index, [n+4] reclaim cursors
-- ARGV: [1] group, [2] consumer, [3] count, [4] lease (ms), [5] horizon (ms), [6] '1' to reclaim
--       before reading new entries (and to prune consumers), [7] most delayed messages to move,
--       [8] reason code for entries deleted while pending, [9] idle time (ms) after which a
--       consumer that holds nothing is removed, [10] the key prefix of revoke markers (the marker
--       of a message is this prefix followed by its id), or '' to check no revokes; markers are
--       read without being declared in KEYS (their hash slot differs), so only outside Redis Cluster
-- Returns {entries, wait}. entries lists {stream index, entry id, delivery count, fields, revoked}:
-- revoked is 1 when the message's revoke marker exists, else 0.
-- wait is empty when entries is not; otherwise it holds the last id of each stream ('0-0' when
-- the stream does not exist yet), to block on, followed by the ms until the next delayed message
-- is due (-1 when there is none).
local n = #KEYS - 4
local delayed, dead, dead_index, cursors = KEYS[n + 1], KEYS[n + 2], KEYS[n + 3], KEYS[n + 4]
local group, consumer = ARGV[1], ARGV[2]
local remaining = tonumber(ARGV[3])
local horizon = tonumber(ARGV[5])
local idle = math.max(0, horizon - tonumber(ARGV[4]))
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local function lease(key, ids)
  if #ids > 0 and idle > 0 then
    local args = {key, group, consumer, 0}
    for _, id in ipairs(ids) do
      args[#args + 1] = id
    end
    args[#args + 1] = 'IDLE'
    args[#args + 1] = idle
    args[#args + 1] = 'JUSTID'
    redis.call('XCLAIM', unpack(args))
  end
end

local due = redis.call('ZRANGEBYSCORE', delayed, '-inf', now, 'LIMIT', 0, tonumber(ARGV[7]))
for _, member in ipairs(due) do
  -- a member is '<priority>:<payload>'; priority 9 is KEYS[1], priority 0 is KEYS[n]
  redis.call('XADD', KEYS[n - tonumber(string.sub(member, 1, 1))], '*', 'payload', string.sub(member, 3))
  redis.call('ZREM', delayed, member)
end

local entries = {}

-- reclaim(budget) takes lapsed entries until the batch is full, looking at up to about `budget`
-- pending entries of each stream (each XAUTOCLAIM looks at up to ten per place left).
local function reclaim(budget)
  for i = 1, n do
    local scanned = 0
    while remaining > 0 and scanned < budget and redis.call('EXISTS', KEYS[i]) == 1 do
      local cursor = redis.call('HGET', cursors, KEYS[i]) or '0-0'
      local claimed = redis.pcall('XAUTOCLAIM', KEYS[i], group, consumer, horizon, cursor, 'COUNT', remaining)
      if claimed.err then
        if not string.find(claimed.err, 'NOGROUP', 1, true) then
          error(claimed.err)
        end
        break
      end
      scanned = scanned + 10 * remaining
      redis.call('HSET', cursors, KEYS[i], claimed[1])
      local ids = {}
      for _, entry in ipairs(claimed[2]) do
        local pending = redis.call('XPENDING', KEYS[i], group, entry[1], entry[1], 1)
        entries[#entries + 1] = {i, entry[1], pending[1][4], entry[2]}
        ids[#ids + 1] = entry[1]
        remaining = remaining - 1
      end
      lease(KEYS[i], ids)
      for _, id in ipairs(claimed[3]) do
        local letter = redis.call('XADD', dead, '*', 'id', id, 'payload', '', 'code', ARGV[8],
            'message', 'stream entry ' .. id .. ' of ' .. KEYS[i] .. ' was deleted while leased; its payload is lost',
            'errorType', '', 'deadAt', now)
        redis.call('HSET', dead_index, id, letter)
      end
      if claimed[1] == '0-0' then
        break
      end
    end
  end
end

-- Consumers that hold nothing and have been idle for a long time (workers that stopped) are
-- removed, so a group's consumer list does not grow with every deployment.
local function prune()
  for i = 1, n do
    if redis.call('EXISTS', KEYS[i]) == 1 then
      local consumers = redis.pcall('XINFO', 'CONSUMERS', KEYS[i], group)
      if not consumers.err then
        for _, info in ipairs(consumers) do
          local name, pending, inactive
          for j = 1, #info, 2 do
            if info[j] == 'name' then
              name = info[j + 1]
            elseif info[j] == 'pending' then
              pending = info[j + 1]
            elseif info[j] == 'idle' then
              inactive = info[j + 1]
            end
          end
          if pending == 0 and inactive >= tonumber(ARGV[9]) and name ~= consumer then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[i], group, name)
          end
        end
      end
    end
  end
end

local reclaimed = ARGV[6] == '1'
if reclaimed then
  reclaim(1000)
  prune()
end

for i = 1, n do
  if remaining <= 0 then
    break
  end
  if redis.call('EXISTS', KEYS[i]) == 1 then
    local read = redis.pcall('XREADGROUP', 'GROUP', group, consumer, 'COUNT', remaining, 'STREAMS', KEYS[i], '>')
    if type(read) == 'table' and read.err then
      if not string.find(read.err, 'NOGROUP', 1, true) then
        return redis.error_reply(read.err)
      end
      redis.call('XGROUP', 'CREATE', KEYS[i], group, '0')
      read = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', remaining, 'STREAMS', KEYS[i], '>')
    end
    if read then
      local ids = {}
      for _, entry in ipairs(read[1][2]) do
        entries[#entries + 1] = {i, entry[1], 1, entry[2]}
        ids[#ids + 1] = entry[1]
        remaining = remaining - 1
      end
      lease(KEYS[i], ids)
    end
  end
end

if not reclaimed and remaining > 0 then
  reclaim(10 * remaining)
end

-- revoked(fields) is 1 when the message in an entry's fields is revoked, else 0. Payloads that start
-- with "v" and then "id" (as Stem and the wire format's examples write them) are read with a
-- pattern; other JSON is decoded whole, which for a large payload costs the server milliseconds. A
-- payload without a readable id is no envelope (cjson reads any JSON the envelope codec reads,
-- up to 1,000 levels deep): it goes to the dead letters and never runs, so it counts as not revoked.
local revoke_prefix = ARGV[10]
local function revoked(fields)
  if revoke_prefix == '' then
    return 0
  end
  local payload
  for j = 1, #fields, 2 do
    if fields[j] == 'payload' then
      payload = fields[j + 1]
    end
  end
  if not payload then
    return 0
  end
  local id = string.match(payload, '^%s*{%s*"v"%s*:%s*1%s*,%s*"id"%s*:%s*"([^"\\]+)"')
  if not id then
    local ok, document = pcall(cjson.decode, payload)
    if ok and type(document) == 'table' and type(document.id) == 'string' then
      id = document.id
    else
      return 0
    end
  end
  return redis.call('EXISTS', revoke_prefix .. id)
end

if #entries > 0 then
  for _, entry in ipairs(entries) do
    entry[5] = revoked(entry[4])
  end
  return {entries, {}}
end
local wait = {}
for i = 1, n do
  wait[i] = '0-0'
  if redis.call('EXISTS', KEYS[i]) == 1 then
    local info = redis.call('XINFO', 'STREAM', KEYS[i])
    for j = 1, #info, 2 do
      if info[j] == 'last-generated-id' then
        wait[i] = info[j + 1]
      end
    end
  end
end
local upcoming = redis.call('ZRANGE', delayed, 0, 0, 'WITHSCORES')
if upcoming[2] then
  wait[n + 1] = math.max(0, tonumber(upcoming[2]) - now)
else
  wait[n + 1] = -1
end
return {entries, wait}
