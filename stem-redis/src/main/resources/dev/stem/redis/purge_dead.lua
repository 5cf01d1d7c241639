#!lua
-- Deletes a queue's dead letter stream and its index.
--
-- KEYS: [1] dead letter stream, [2] dead letter index
-- Returns how many dead letters were deleted.
local count = redis.call('XLEN', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2])
return count
