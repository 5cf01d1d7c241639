package dev.stem.boot.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/// At least 1,000 malformed or hostile task messages, as stored text: truncated JSON, deep
/// nesting, a number with a million digits, wrong types, unknown versions, type hints, names with
/// `{`, `*`, `:`, newlines or quotes, out-of-range times, too many headers. Deterministic (seeded).
final class HostileEnvelopes {

    private HostileEnvelopes() {
    }

    static String valid(String id) {
        return "{\"v\":1,\"id\":\"" + id + "\",\"task\":\"fuzz.sink\",\"queue\":\"default\",\"args\":{\"n\":1},"
                + "\"headers\":{},\"priority\":0,\"attempt\":0,\"maxRetries\":0,\"createdAt\":\"2026-01-31T12:00:00Z\"}";
    }

    static List<String> all() {
        Random random = new Random(26);
        List<String> hostile = new ArrayList<>();
        String template = valid("fuzz-template");
        for (int i = 0; i < 600; i++) {
            hostile.add(template.substring(0, 1 + random.nextInt(template.length() - 2)));
        }
        hostile.add("{\"v\":1,\"id\":\"deep\",\"task\":\"fuzz.sink\",\"args\":{\"n\":" + "[".repeat(5_000)
                + "]".repeat(5_000) + "}}");
        hostile.add("{\"v\":1,\"id\":\"deep-2\",\"task\":\"fuzz.sink\",\"args\":[" + "{\"a\":".repeat(150) + "1"
                + "}".repeat(150) + "]}");
        hostile.add("{\"v\":1,\"id\":\"big-number\",\"task\":\"fuzz.sink\",\"args\":{\"n\":" + "9".repeat(5_000) + "}}");
        hostile.add("{\"v\":1,\"id\":\"million-digits\",\"task\":\"fuzz.sink\",\"args\":{\"n\":"
                + "9".repeat(1_000_000) + "}}");
        String[] wrongTypes = { "\"v\":\"1\"", "\"v\":2", "\"v\":99999999999", "\"priority\":\"high\"",
                "\"priority\":12", "\"attempt\":-1", "\"maxRetries\":1.5", "\"args\":5", "\"args\":\"x\"",
                "\"headers\":[]", "\"headers\":{\"a\":1}", "\"headers\":{\"a\":null}", "\"headers\":{\"bad name\":\"x\"}",
                "\"eta\":\"tomorrow\"", "\"eta\":\"+1000000000-01-01T00:00:00Z\"", "\"expiresAt\":12",
                "\"softTimeLimitMs\":-5", "\"hardTimeLimitMs\":\"1s\"", "\"createdAt\":\"2026-01-31\"",
                "\"task\":null", "\"task\":\"a{b}\"", "\"task\":\"a*b\"", "\"task\":\"a\\nb\"", "\"task\":\"a\\\"b\"",
                "\"task\":\"\"", "\"task\":\"" + "t".repeat(201) + "\"", "\"queue\":\"q:x\"", "\"queue\":\"q*\"",
                "\"id\":\"a b\"", "\"id\":\"{revoked}\"", "\"id\":\"a\\u0000b\"", "\"id\":\"a\\u202Eb\"",
                "\"id\":\"" + "x".repeat(10_000) + "\"", "\"parentId\":\"a*\"", "\"groupId\":7" };
        for (int round = 0; hostile.size() < 1_050; round++) {
            String field = wrongTypes[round % wrongTypes.length];
            String name = field.substring(1, field.indexOf('"', 1));
            String id = "fuzz-" + round;
            hostile.add(replaceField(valid(id), name, field));
            if (round % 7 == 0) {
                hostile.add("{\"v\":1,\"id\":\"hint-" + round + "\",\"task\":\"fuzz.sink\",\"args\":{\"n\":1,"
                        + "\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"id\"]}}");
                hostile.add("{\"v\":1,\"id\":\"hint-array-" + round + "\",\"task\":\"fuzz.sink\",\"args\":"
                        + "[\"java.lang.Runtime\",{\"n\":1}]}");
                hostile.add("[" + valid("in-array-" + round) + "]");
                hostile.add("null");
                hostile.add("\"" + UUID.randomUUID() + "\"");
                hostile.add("{\"v\":1,\"id\":\"many-headers-" + round + "\",\"task\":\"fuzz.sink\",\"headers\":{"
                        + String.join(",", java.util.stream.IntStream.range(0, 100)
                                .mapToObj(h -> "\"h" + h + "\":\"v\"").toList()) + "}}");
            }
        }
        return hostile;
    }

    private static String replaceField(String message, String name, String field) {
        int start = message.indexOf("\"" + name + "\":");
        if (start < 0) {
            return message.substring(0, message.length() - 1) + "," + field + "}";
        }
        int next = message.indexOf(",\"", start + 1);
        int end = next < 0 ? message.length() - 1 : next;
        return message.substring(0, start) + field + message.substring(end);
    }
}
