#!lua flags=no-writes
-- How long the oldest ready message of one queue has waited. Ready entries are those of each stream
-- after the group's last-delivered-id; an entry's id holds the server time (ms) it was added, which
-- is when it became due (published, moved from the delayed set, released or replayed).
--
-- KEYS: [1..n] the queue's streams
-- ARGV: [1] group
-- Returns the age in ms of the oldest ready entry, or -1 when none is ready.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local oldest = nil
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    local last = '0-0'
    local groups = redis.pcall('XINFO', 'GROUPS', KEYS[i])
    if not groups.err then
      for _, group in ipairs(groups) do
        local name, delivered
        for j = 1, #group, 2 do
          if group[j] == 'name' then name = group[j + 1] end
          if group[j] == 'last-delivered-id' then delivered = group[j + 1] end
        end
        if name == ARGV[1] and delivered then last = delivered end
      end
    end
    local first = redis.call('XRANGE', KEYS[i], '(' .. last, '+', 'COUNT', 1)
    if #first > 0 then
      local ms = tonumber(string.match(first[1][1], '^(%d+)'))
      if oldest == nil or ms < oldest then oldest = ms end
    end
  end
end
if oldest == nil then
  return -1
end
return math.max(0, now - oldest)
