#!lua
-- Claims the right to enqueue a group's callback: SET NX, so exactly one caller gets it. The claim
-- lives as long as the group (or ARGV[1] ms when the group is unknown).
--
-- KEYS: [1] size, [2] callback claim
-- ARGV: [1] time to live (ms) when the group has none
-- Returns 1 for the one caller that claimed it, else 0.
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then
  ttl = tonumber(ARGV[1])
end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ttl) then
  return 1
end
return 0
