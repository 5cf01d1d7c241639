-- Moves a held entry to the queue's dead letter stream, with its reason and its raw payload,
-- and indexes the dead letter by id.
--
-- KEYS: [1] stream, [2] dead letter stream, [3] dead letter index
-- ARGV: [1] group, [2] entry id, [3] consumer, [4] dead letter id (the message id, or the entry
--       id when the entry is unreadable), [5] reason code, [6] reason message, [7] error type or '',
--       [8] payload to keep when the entry has no payload field, [9] (optional) a second id to
--       index the dead letter by: the envelope id of an unreadable entry whose id could be read
-- Returns 1, or 0 (and changes nothing) when the consumer no longer holds the entry.
if not held(KEYS[1], ARGV[1], ARGV[2], ARGV[3]) then
  return 0
end
local payload = payload_of(KEYS[1], ARGV[2], ARGV[8])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
local dead = redis.call('XADD', KEYS[2], '*', 'id', ARGV[4], 'payload', payload, 'code', ARGV[5],
    'message', ARGV[6], 'errorType', ARGV[7], 'deadAt', now)
redis.call('HSET', KEYS[3], ARGV[4], dead)
if ARGV[9] and ARGV[9] ~= '' and ARGV[9] ~= ARGV[4] then
  redis.call('HSET', KEYS[3], ARGV[9], dead)
end
return 1
