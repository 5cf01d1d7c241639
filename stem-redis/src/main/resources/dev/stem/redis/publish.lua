#!lua
-- Appends a batch of messages to one queue in one call: ready messages to the stream of their
-- priority, delayed ones to the delayed set.
--
-- KEYS: [1..n] the queue's streams, highest priority first, [n+1] delayed set
-- ARGV: one triple per message: target (index of its stream in KEYS, or 0 for the delayed set),
--       due time in ms (delayed only, else ''), then the stream payload or the delayed member
-- Returns how many messages were stored.
local delayed = KEYS[#KEYS]
for i = 1, #ARGV, 3 do
  local target = tonumber(ARGV[i])
  if target == 0 then
    redis.call('ZADD', delayed, ARGV[i + 1], ARGV[i + 2])
  else
    redis.call('XADD', KEYS[target], '*', 'payload', ARGV[i + 2])
  end
end
return #ARGV / 3
