-- Leases entries of one queue to `consumer`, in three steps:
--   1. moves delayed messages that are due by server time into their streams (batched);
--   2. reclaims ONE entry whose lease has lapsed (XAUTOCLAIM ... COUNT 1, resuming the scan where
--      the last reclaim of the stream stopped) and reads its delivery count from the pending
--      entries list; a reclaimed entry is returned ALONE, so the worker runs it in isolation and
--      the neighbours of a message that kills its worker are not leased together with it again.
--      Entries deleted while pending come back from XAUTOCLAIM as bare ids and are recorded as dead
--      letters, their payload being lost. This runs first when the caller asks for it, looking at
--      up to about 1000 pending entries per stream, and otherwise after step 3 when that leased
--      nothing, looking at up to about ten per place asked for;
--   3. reads new entries (XREADGROUP ... >), highest priority first, creating the consumer group
--      on first use (or again after a restart that lost it).
-- Reclaims are only made when the caller allows them (its batch is still empty) and the queue's
-- clock allows them (clock.lua): after a silence (no fetch or lease extension of the queue ran for
-- more than half the caller's lease, and at least a second: the server was frozen or unreachable,
-- or no worker ran), reclaims wait one lease from the moment the server is back, so live holders
-- can extend their leases first.
--
-- Leases are kept in the pending entries list: an entry counts as expired once its idle time
-- reaches the horizon, so each leased entry's idle time is set to (horizon - lease) with
-- XCLAIM ... IDLE ... JUSTID (JUSTID leaves the delivery count alone).
--
-- An entry whose payload is longer than the size limit is moved to the dead letter stream with the
-- reason `payload-too-large` without being decoded or returned.
--
-- KEYS: [1..n] the queue's streams, highest priority first, [n+1] delayed set,
--       [n+2] dead letter stream, [n+3] dead letter index, [n+4] reclaim cursors, [n+5] queue clock
-- ARGV: [1] group, [2] consumer, [3] count, [4] lease (ms), [5] horizon (ms), [6] '1' to reclaim
--       before reading new entries (and to prune consumers), [7] most delayed messages to move,
--       [8] reason code for entries deleted while pending, [9] idle time (ms) after which a
--       consumer that holds nothing is removed, [10] the key prefix of revoke markers (the marker
--       of a message is this prefix followed by its id), or '' to check no revokes; markers are
--       read without being declared in KEYS (their hash slot differs), so only outside Redis
--       Cluster, [11] '1' when the caller takes a reclaimed entry (its batch is empty), else '0',
--       [12] largest payload (bytes), [13] reason code for a payload over it
-- Returns {entries, wait}. entries lists {stream index, entry id, delivery count, fields, revoked}:
-- revoked is 1 when the message's revoke marker exists, else 0.
-- wait is empty when entries is not; otherwise it holds the last id of each stream ('0-0' when
-- the stream does not exist yet), to block on, followed by the ms until the next delayed message
-- is due (-1 when there is none).
local n = #KEYS - 5
local delayed, dead, dead_index, cursors, clock = KEYS[n + 1], KEYS[n + 2], KEYS[n + 3], KEYS[n + 4], KEYS[n + 5]
local group, consumer = ARGV[1], ARGV[2]
local remaining = tonumber(ARGV[3])
local lease_ms = tonumber(ARGV[4])
local horizon = tonumber(ARGV[5])
local idle = math.max(0, horizon - lease_ms)
local max_payload = tonumber(ARGV[12])
local observed = observe_clock(clock, lease_ms)
local now, reclaim_not_before = observed[1], observed[2]
local may_reclaim = ARGV[11] == '1' and now >= reclaim_not_before

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

local function dead_letter(id, payload, code, message)
  local letter = redis.call('XADD', dead, '*', 'id', id, 'payload', payload, 'code', code,
      'message', message, 'errorType', '', 'deadAt', now)
  redis.call('HSET', dead_index, id, letter)
end

-- oversized(key, id, fields) moves the entry to the dead letters and returns true when its payload
-- is over the limit; the message id is read from the start of the payload only.
local function oversized(key, id, fields)
  for j = 1, #fields, 2 do
    if fields[j] == 'payload' then
      local payload = fields[j + 1]
      if #payload <= max_payload then
        return false
      end
      local message_id = string.match(string.sub(payload, 1, 512), '"id"%s*:%s*"([^"\\]+)"') or id
      redis.call('XACK', key, group, id)
      redis.call('XDEL', key, id)
      dead_letter(message_id, payload, ARGV[13], 'stream entry ' .. id .. ' of ' .. key .. ' is ' .. #payload
          .. ' bytes, over the limit of ' .. max_payload .. ' bytes; it was not decoded')
      return true
    end
  end
  return false
end

local due = redis.call('ZRANGEBYSCORE', delayed, '-inf', now, 'LIMIT', 0, tonumber(ARGV[7]))
for _, member in ipairs(due) do
  -- a member is '<priority>:<payload>'; priority 9 is KEYS[1], priority 0 is KEYS[n]
  redis.call('XADD', KEYS[n - tonumber(string.sub(member, 1, 1))], '*', 'payload', string.sub(member, 3))
  redis.call('ZREM', delayed, member)
end

local entries = {}

-- reclaim_one(budget) takes the first lapsed entry it finds, looking at up to about `budget`
-- pending entries of each stream (each XAUTOCLAIM ... COUNT 1 looks at up to ten); returns
-- whether it took one.
local function reclaim_one(budget)
  for i = 1, n do
    local scanned = 0
    while scanned < budget and redis.call('EXISTS', KEYS[i]) == 1 do
      local cursor = redis.call('HGET', cursors, KEYS[i]) or '0-0'
      local claimed = redis.pcall('XAUTOCLAIM', KEYS[i], group, consumer, horizon, cursor, 'COUNT', 1)
      if claimed.err then
        if not string.find(claimed.err, 'NOGROUP', 1, true) then
          error(claimed.err)
        end
        break
      end
      scanned = scanned + 10
      redis.call('HSET', cursors, KEYS[i], claimed[1])
      for _, id in ipairs(claimed[3]) do
        dead_letter(id, '', ARGV[8],
            'stream entry ' .. id .. ' of ' .. KEYS[i] .. ' was deleted while leased; its payload is lost')
      end
      local entry = claimed[2][1]
      if entry and not oversized(KEYS[i], entry[1], entry[2]) then
        local pending = redis.call('XPENDING', KEYS[i], group, entry[1], entry[1], 1)
        entries[1] = {i, entry[1], pending[1][4], entry[2]}
        lease(KEYS[i], {entry[1]})
        return true
      end
      if claimed[1] == '0-0' then
        break
      end
    end
  end
  return false
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

local function reply()
  for _, entry in ipairs(entries) do
    entry[5] = revoked(entry[4])
  end
  return {entries, {}}
end

local scheduled = ARGV[6] == '1'
if scheduled then
  if may_reclaim and reclaim_one(1000) then
    return reply()
  end
  prune()
end

-- read_new(i) reads new entries of stream i into the batch; returns whether it dead-lettered an
-- oversized one (which leaves room for a further read).
local function read_new(i)
  local read = redis.pcall('XREADGROUP', 'GROUP', group, consumer, 'COUNT', remaining, 'STREAMS', KEYS[i], '>')
  if type(read) == 'table' and read.err then
    if not string.find(read.err, 'NOGROUP', 1, true) then
      error(read.err)
    end
    redis.call('XGROUP', 'CREATE', KEYS[i], group, '0')
    read = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', remaining, 'STREAMS', KEYS[i], '>')
  end
  local skipped = false
  if read then
    local ids = {}
    for _, entry in ipairs(read[1][2]) do
      if oversized(KEYS[i], entry[1], entry[2]) then
        skipped = true
      else
        entries[#entries + 1] = {i, entry[1], 1, entry[2]}
        ids[#ids + 1] = entry[1]
        remaining = remaining - 1
      end
    end
    lease(KEYS[i], ids)
  end
  return skipped
end

for i = 1, n do
  while remaining > 0 and redis.call('EXISTS', KEYS[i]) == 1 and read_new(i) do
  end
end

if #entries == 0 and not scheduled and may_reclaim then
  reclaim_one(10 * tonumber(ARGV[3]))
end

if #entries > 0 then
  return reply()
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
