package dev.stem.envelope;

import java.util.regex.Pattern;

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

    private static final Pattern TASK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");
    private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Names() {
    }

    /// Returns `name` if it is a valid task name, else throws naming the rule.
    public static String requireTaskName(String name) {
        return require("task", name, TASK,
                "task names are 1-200 characters of A-Z a-z 0-9 . _ : - starting with a letter or digit");
    }

    /// Returns `name` if it is a valid queue name, else throws naming the rule.
    public static String requireQueueName(String name) {
        return require("queue", name, QUEUE,
                "queue names are 1-100 characters of A-Z a-z 0-9 . _ - starting with a letter or digit");
    }

    /// Returns `id` if it is a valid message id, else throws naming the rule.
    public static String requireId(String field, String id) {
        return require(field, id, ID, "ids are 1-128 characters of A-Z a-z 0-9 . _ : -");
    }

    /// Whether `name` is a valid task name.
    public static boolean isValidTaskName(String name) {
        return name != null && TASK.matcher(name).matches();
    }

    /// Whether `name` is a valid queue name.
    public static boolean isValidQueueName(String name) {
        return name != null && QUEUE.matcher(name).matches();
    }

    private static String require(String field, String value, Pattern pattern, String rule) {
        if (value == null) {
            throw new InvalidEnvelopeException(field, "null", rule);
        }
        if (!pattern.matcher(value).matches()) {
            throw new InvalidEnvelopeException(field, value, rule);
        }
        return value;
    }
}
