package dev.stem.http;

import org.springframework.http.HttpStatus;

/// A request the API refuses, naming the field at fault (a JSON path such as `tasks[3].priority`)
/// and, in its message, the value and the rule. Answered as a problem detail with that status.
public class RequestFieldException extends RuntimeException {

    private final String field;

    private final HttpStatus status;

    public RequestFieldException(HttpStatus status, String field, String message) {
        super(message);
        this.field = field;
        this.status = status;
    }

    /// A 400 for `field` holding `value`, against `rule`.
    public static RequestFieldException invalid(String field, Object value, String rule) {
        return new RequestFieldException(HttpStatus.BAD_REQUEST, field, "Invalid " + field + " '" + value + "': " + rule);
    }

    /// The JSON path of the field at fault; empty for the whole body.
    public String field() {
        return this.field;
    }

    /// The HTTP status to answer with.
    public HttpStatus status() {
        return this.status;
    }
}
