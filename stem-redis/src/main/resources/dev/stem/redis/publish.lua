#!lua
-- Stores a batch of messages of one queue in one call, each at most once by message id: ready
-- messages go to the stream of their priority, delayed ones to the delayed set. Each message has a
-- publish marker key, set with SET NX PX; a message whose marker exists is skipped, so a publish
-- that is retried by the caller or re-sent by the client after a reconnect stores nothing twice.
--
-- KEYS: [1..t] where messages go (streams, delayed set), then one publish marker per message
-- ARGV: [1] t, [2] how long a marker is kept (ms), then one triple per message: index of its
--       target in KEYS, due time in ms for the delayed set (else ''), then the stream payload or
--       the delayed member
-- Returns how many messages were stored (those whose marker did not exist yet).
local targets = tonumber(ARGV[1])
local stored = 0
for i = 3, #ARGV, 3 do
  local marker = KEYS[targets + i / 3]
  if redis.call('SET', marker, '1', 'NX', 'PX', ARGV[2]) then
    local target = KEYS[tonumber(ARGV[i])]
    if ARGV[i + 1] ~= '' then
      redis.call('ZADD', target, ARGV[i + 1], ARGV[i + 2])
    else
      redis.call('XADD', target, '*', 'payload', ARGV[i + 2])
    end
    stored = stored + 1
  end
end
return stored
