#!lua
-- Reads the listed workers and removes from the index those whose heartbeat has expired, in one
-- step, so a worker that sends a heartbeat meanwhile is never dropped.
--
-- KEYS: [1] index set, [2..] worker keys
-- ARGV: the worker ids, in the order of their keys
-- Returns the info JSON of each listed worker, or '' for an expired one.
local infos = {}
for i = 2, #KEYS do
  local info = redis.call('GET', KEYS[i])
  if info then
    infos[i - 1] = info
  else
    infos[i - 1] = ''
    redis.call('SREM', KEYS[1], ARGV[i - 1])
  end
end
return infos
