package dev.stem.redis.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/// The reply of `fetch.lua` for one queue, read into Java types.
///
/// @param entries the leased entries, highest priority level first
/// @param lastIds when nothing was leased: each stream's last entry id, to block on; else empty
/// @param nextDueMillis when nothing was leased: milliseconds until the next delayed message is due,
///        or -1 when there is none
public record FetchReply(List<Entry> entries, Map<String, String> lastIds, long nextDueMillis) {

    /// Reads the script reply `{entries, wait}` for the queue with `keys`.
    public static FetchReply parse(QueueKeys keys, List<?> reply) {
        List<String> streams = keys.streams();
        List<Entry> entries = new ArrayList<>();
        for (Object raw : (List<?>) reply.get(0)) {
            List<?> entry = (List<?>) raw;
            String stream = streams.get(((Number) entry.get(0)).intValue() - 1);
            entries.add(new Entry(stream, (String) entry.get(1), ((Number) entry.get(2)).intValue(),
                    fields((List<?>) entry.get(3)), ((Number) entry.get(4)).intValue() == 1));
        }
        List<?> wait = (List<?>) reply.get(1);
        if (wait.isEmpty()) {
            return new FetchReply(entries, Map.of(), -1);
        }
        Map<String, String> lastIds = new LinkedHashMap<>();
        for (int i = 0; i < streams.size(); i++) {
            lastIds.put(streams.get(i), (String) wait.get(i));
        }
        return new FetchReply(entries, lastIds, ((Number) wait.get(streams.size())).longValue());
    }

    private static Map<String, String> fields(List<?> flat) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return fields;
    }

    /// One leased stream entry.
    ///
    /// @param streamKey the stream it is in
    /// @param id its entry id
    /// @param deliveryCount how often it has been leased, counting this lease
    /// @param fields its fields as stored
    /// @param revoked whether the script found the message's revoke marker
    public record Entry(String streamKey, String id, int deliveryCount, Map<String, String> fields,
            boolean revoked) {
    }
}
