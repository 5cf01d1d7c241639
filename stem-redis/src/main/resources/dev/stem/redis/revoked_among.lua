#!lua
-- Returns the task ids among the given ones whose revoke marker still exists (markers expire by
-- the server's clock). All markers share the {revoked} hash tag, so this runs on Redis Cluster.
--
-- KEYS: the revoke markers, one per task id
-- ARGV: the task ids, in the same order
local revoked = {}
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    revoked[#revoked + 1] = ARGV[i]
  end
end
return revoked
