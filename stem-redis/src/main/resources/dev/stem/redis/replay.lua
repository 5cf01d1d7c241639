#!lua
-- Moves one dead letter back into a stream as a fresh entry. Deleting the dead letter comes
-- first, so replaying the same dead letter twice publishes it once.
--
-- KEYS: [1] target stream, [2] dead letter stream, [3] dead letter index
-- ARGV: [1] dead letter entry id, [2] dead letter id, [3] payload to publish (the message as its
--       next attempt, Envelope.replayed())
-- Returns 1, or 0 when the dead letter is gone.
if redis.call('XDEL', KEYS[2], ARGV[1]) == 0 then
  return 0
end
if redis.call('HGET', KEYS[3], ARGV[2]) == ARGV[1] then
  redis.call('HDEL', KEYS[3], ARGV[2])
end
redis.call('XADD', KEYS[1], '*', 'payload', ARGV[3])
return 1
