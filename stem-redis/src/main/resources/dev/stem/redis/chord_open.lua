#!lua
-- Records a chord unless it exists: its record hash, kept for the chord's time to live.
--
-- KEYS: [1] chord record
-- ARGV: [1] time to live (ms), then field and value pairs of the record
-- Returns 1 when it was recorded, 0 when it existed.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
