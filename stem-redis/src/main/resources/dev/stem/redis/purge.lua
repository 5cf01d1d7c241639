#!lua
-- Deletes up to `limit` ready (undelivered) entries and delayed messages of one queue; leased
-- entries are left to finish. Undelivered entries are those after the group's last delivered id
-- (every stream entry when there is no group yet). Call again while it returns `limit`.
--
-- KEYS: [1..n] the queue's streams, [n+1] delayed set
-- ARGV: [1] group, [2] limit
-- Returns how many were deleted.
local n = #KEYS - 1
local limit = tonumber(ARGV[2])
local deleted = 0
for i = 1, n do
  local start = '-'
  local groups = redis.pcall('XINFO', 'GROUPS', KEYS[i])
  if not groups.err then
    for _, info in ipairs(groups) do
      local name, last
      for j = 1, #info, 2 do
        if info[j] == 'name' then
          name = info[j + 1]
        elseif info[j] == 'last-delivered-id' then
          last = info[j + 1]
        end
      end
      if name == ARGV[1] then
        start = '(' .. last
      end
    end
  end
  while deleted < limit do
    local batch = redis.call('XRANGE', KEYS[i], start, '+', 'COUNT', math.min(100, limit - deleted))
    if #batch == 0 then
      break
    end
    for _, entry in ipairs(batch) do
      redis.call('XDEL', KEYS[i], entry[1])
      deleted = deleted + 1
    end
  end
end
local delayed = math.min(redis.call('ZCARD', KEYS[n + 1]), limit - deleted)
if delayed > 0 then
  redis.call('ZREMRANGEBYRANK', KEYS[n + 1], 0, delayed - 1)
end
return deleted + delayed
