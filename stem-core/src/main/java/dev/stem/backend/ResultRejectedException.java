package dev.stem.backend;

/// The result store refused a record it can never hold (a value it cannot represent, such as the
/// character U+0000 in a PostgreSQL `jsonb` column): writing the same record again fails the same
/// way, so it is not retried. In a batch, the other records may be fine; a worker then settles the
/// batch's messages one by one and stores a `FAILURE` record in place of the refused one.
public class ResultRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ResultRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
