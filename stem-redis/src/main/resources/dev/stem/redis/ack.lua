-- Acks and deletes (XACK + XDEL) every listed entry that its consumer still holds (ack_entries of
-- acks.lua, which checks ownership in one XPENDING per stream and consumer).
--
-- KEYS: the streams the entries are in
-- ARGV: [1] group, then one triple per entry: index of its stream in KEYS, entry id, consumer
-- Returns how many distinct entries were held, and are now gone.
return ack_entries(1, 1)
