package dev.stem.envelope;

import org.jspecify.annotations.Nullable;

/// The rules for task names, queue names and message ids, shared by producers, the worker and
/// every adapter so that a name that is accepted anywhere is safe everywhere (Redis keys, SQL
/// values, AMQP routing keys, metric tags).
///
/// - task name: 1 to 200 characters from `A-Z a-z 0-9 . _ : -`, starting with a letter or digit
/// - queue name: 1 to 100 characters from `A-Z a-z 0-9 . _ -`, starting with a letter or digit
/// - message id: 1 to 128 characters from `A-Z a-z 0-9 . _ : -`
/// - header name: 1 to 128 characters from `A-Z a-z 0-9 . _ : -`
/// - key name (a lock name, a rate limit key, a uniqueness key): 1 to 256 characters from
///   `A-Z a-z 0-9 . _ : -`
///
/// Everything that reaches a store key or row goes through here: so `{`, `*`, spaces, quotes,
/// NUL, other control characters and right-to-left overrides are refused everywhere, with an
/// [InvalidEnvelopeException] naming the field, the value and the rule.
public final class Names {

    /// Longest task name accepted.
    public static final int MAX_TASK_NAME_LENGTH = 200;

    /// Longest queue name accepted.
    public static final int MAX_QUEUE_NAME_LENGTH = 100;

    /// Longest message id accepted.
    public static final int MAX_ID_LENGTH = 128;

    /// Longest header name accepted.
    public static final int MAX_HEADER_NAME_LENGTH = 128;

    /// Longest key name accepted (lock names, rate limit keys, uniqueness keys).
    public static final int MAX_KEY_LENGTH = 256;

    /// Longest value shown in an error message; longer values are cut, so a 10 KB hostile name
    /// does not become a 10 KB log line.
    private static final int MAX_SHOWN_LENGTH = 80;

    private Names() {
    }

    /// Returns `name` if it is a valid task name, else throws naming the rule.
    public static String requireTaskName(String name) {
        return require("task", isValidTaskName(name), name,
                "task names are 1-200 characters of A-Z a-z 0-9 . _ : - starting with a letter or digit");
    }

    /// Returns `name` if it is a valid queue name, else throws naming the rule.
    public static String requireQueueName(String name) {
        return require("queue", isValidQueueName(name), name,
                "queue names are 1-100 characters of A-Z a-z 0-9 . _ - starting with a letter or digit");
    }

    /// Returns `id` if it is a valid message id, else throws naming the rule.
    public static String requireId(String field, String id) {
        return require(field, isValidId(id), id, "ids are 1-128 characters of A-Z a-z 0-9 . _ : -");
    }

    /// Whether `id` is a valid message id.
    public static boolean isValidId(String id) {
        return matches(id, MAX_ID_LENGTH, false, true);
    }

    /// Returns `name` if it is a valid header name, else throws naming the rule.
    public static String requireHeaderName(String name) {
        return require("headers", matches(name, MAX_HEADER_NAME_LENGTH, false, true), name,
                "header names are 1-128 characters of A-Z a-z 0-9 . _ : -");
    }

    /// Returns `key` if it is a valid key name (a lock name, a rate limit key, a uniqueness key),
    /// else throws naming `field` and the rule.
    public static String requireKey(String field, String key) {
        return require(field, matches(key, MAX_KEY_LENGTH, false, true), key,
                "key names are 1-256 characters of A-Z a-z 0-9 . _ : -");
    }

    /// Whether `name` is a valid task name.
    public static boolean isValidTaskName(String name) {
        return matches(name, MAX_TASK_NAME_LENGTH, true, true);
    }

    /// Whether `name` is a valid queue name.
    public static boolean isValidQueueName(String name) {
        return matches(name, MAX_QUEUE_NAME_LENGTH, true, false);
    }

    private static String require(String field, boolean valid, String value, String rule) {
        if (!valid) {
            throw new InvalidEnvelopeException(field, shown(value), rule);
        }
        return value;
    }

    /// `value` as an error message shows it: control and format characters (a NUL, a newline, a
    /// right-to-left override) as `\\uXXXX`, and cut after [#MAX_SHOWN_LENGTH] characters.
    public static String shown(@Nullable String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder shown = new StringBuilder();
        int end = Math.min(value.length(), MAX_SHOWN_LENGTH);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                shown.append(String.format("\\u%04X", (int) c));
            }
            else {
                shown.append(c);
            }
        }
        if (value.length() > end) {
            shown.append("... (").append(value.length()).append(" characters)");
        }
        return shown.toString();
    }

    /// Whether `value` has 1 to `maxLength` characters from `A-Z a-z 0-9 . _ -` (and `:` when
    /// `colon`), the first a letter or digit when `alphanumericFirst`. A loop, not a regular
    /// expression: this runs for every message a worker receives.
    private static boolean matches(@Nullable String value, int maxLength, boolean alphanumericFirst, boolean colon) {
        if (value == null || value.isEmpty() || value.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (i == 0 && alphanumericFirst
                    || !(c == '.' || c == '_' || c == '-' || (colon && c == ':')))) {
                return false;
            }
        }
        return true;
    }
}
