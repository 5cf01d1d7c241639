#!lua
-- Takes one token from a bucket that holds at most `permits` tokens and refills `permits` tokens
-- per `period`, continuously, by the Redis server clock. The bucket starts full and expires once
-- it would be full again, so idle keys cost nothing.
--
-- KEYS: [1] bucket hash (fields tokens and at, the time of the last refill in ms)
-- ARGV: [1] permits, [2] period (ms)
-- Returns {1, 0} when a token was taken, else {0, ms until the next token}.
local capacity = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or capacity
local at = tonumber(bucket[2]) or now
local rate = capacity / period
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local granted, wait = 0, 0
if tokens >= 1 then
  tokens = tokens - 1
  granted = 1
else
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', string.format('%.3f', now))
redis.call('PEXPIRE', KEYS[1], math.ceil(period))
return {granted, wait}
