package dev.stem.envelope;

/// The rules for task names, queue names and message ids, shared by producers, the worker and
/// every adapter so that a name that is accepted anywhere is safe everywhere (Redis keys, SQL
/// values, AMQP routing keys, metric tags).
///
/// - task name: 1 to 200 characters from `A-Z a-z 0-9 . _ : -`, starting with a letter or digit
/// - queue name: 1 to 100 characters from `A-Z a-z 0-9 . _ -`, starting with a letter or digit
/// - message id: 1 to 128 characters from `A-Z a-z 0-9 . _ : -`
public final class Names {

    /// Longest task name accepted.
    public static final int MAX_TASK_NAME_LENGTH = 200;

    /// Longest queue name accepted.
    public static final int MAX_QUEUE_NAME_LENGTH = 100;

    /// Longest message id accepted.
    public static final int MAX_ID_LENGTH = 128;

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
        return require(field, matches(id, MAX_ID_LENGTH, false, true), id, "ids are 1-128 characters of A-Z a-z 0-9 . _ : -");
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
            throw new InvalidEnvelopeException(field, String.valueOf(value), rule);
        }
        return value;
    }

    /// Whether `value` has 1 to `maxLength` characters from `A-Z a-z 0-9 . _ -` (and `:` when
    /// `colon`), the first a letter or digit when `alphanumericFirst`. A loop, not a regular
    /// expression: this runs for every message a worker receives.
    private static boolean matches(String value, int maxLength, boolean alphanumericFirst, boolean colon) {
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
