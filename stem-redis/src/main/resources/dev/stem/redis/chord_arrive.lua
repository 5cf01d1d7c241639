#!lua
-- Records that a member of a chord finished and, when that decides the chord, publishes its body
-- (every member succeeded) or its error callback (this member failed for good) in the same call:
-- the decision and the publish cannot be split by a crash. Members are counted as a set, so a
-- member that arrives twice counts once and keeps its first result. Every key of the chord
-- expires, counted again from each arrival.
--
-- The message goes to the stream key named in the chord record (with its publish marker and its
-- queue name for the registry): this script touches keys it is not given, so chords do not run on
-- Redis Cluster.
--
-- KEYS: [1] chord record, [2] arrived members set, [3] results hash, [4] queue registry
-- ARGV: [1] member id, [2] '1' when it failed for good, [3] its result (JSON) or its failure (two
--       comma-separated JSON values: id and error), [4] time to live (ms)
-- Returns 'unknown', 'counted', 'body', 'error' or 'decided'.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'unknown'
end
redis.call('SADD', KEYS[2], ARGV[1])
if ARGV[2] == '0' then
  redis.call('HSETNX', KEYS[3], ARGV[1], ARGV[3])
end
for i = 1, 3 do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('PEXPIRE', KEYS[i], ARGV[4])
  end
end
if redis.call('HEXISTS', KEYS[1], 'decided') == 1 then
  return 'decided'
end

local function publish(kind, value)
  local f = redis.call('HMGET', KEYS[1], kind .. ':stream', kind .. ':marker', kind .. ':prefix',
    kind .. ':suffix', kind .. ':queue')
  if not f[1] then
    return
  end
  if redis.call('SET', f[2], '1', 'NX', 'PX', ARGV[4]) then
    redis.call('XADD', f[1], '*', 'payload', f[3] .. value .. f[4])
    redis.call('SADD', KEYS[4], f[5])
  end
end

if ARGV[2] == '1' then
  redis.call('HSET', KEYS[1], 'decided', 'error')
  publish('error', ARGV[3])
  return 'error'
end
if redis.call('SCARD', KEYS[2]) < tonumber(redis.call('HGET', KEYS[1], 'size')) then
  return 'counted'
end
local ids = cjson.decode(redis.call('HGET', KEYS[1], 'members'))
local results = {}
for i, id in ipairs(ids) do
  local result = redis.call('HGET', KEYS[3], id)
  if not result then
    return 'counted'
  end
  results[i] = result
end
redis.call('HSET', KEYS[1], 'decided', 'body')
publish('body', '[' .. table.concat(results, ',') .. ']')
return 'body'
