package dev.stem.schedule;

import dev.stem.StemException;

/// The store holds no entry with the given id.
public class NoSuchScheduleException extends StemException {

    private final String entryId;

    /// No entry `entryId`.
    public NoSuchScheduleException(String entryId) {
        super("No schedule entry '" + entryId + "'");
        this.entryId = entryId;
    }

    /// The id that was not found.
    public String entryId() {
        return this.entryId;
    }
}
