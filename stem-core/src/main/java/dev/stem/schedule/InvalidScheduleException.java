package dev.stem.schedule;

import dev.stem.StemException;

/// A schedule entry was refused: the message names the entry id, the field and the value, and
/// says the rule. Raised by [ScheduleValidator] at startup (entries from configuration or
/// annotations) and by [Schedules] (entries from the store API), which then changed nothing.
public class InvalidScheduleException extends StemException {

    private final String entryId;

    private final String field;

    private final String value;

    /// A refusal of `value` in `field` of entry `entryId` because of `rule`.
    public InvalidScheduleException(String entryId, String field, String value, String rule) {
        super("Invalid schedule entry '" + entryId + "': " + field + " '" + value + "' " + rule);
        this.entryId = entryId;
        this.field = field;
        this.value = value;
    }

    /// The id of the refused entry.
    public String entryId() {
        return this.entryId;
    }

    /// The refused field, as written in configuration (`cron`, `zone`, `every`, ...).
    public String field() {
        return this.field;
    }

    /// The refused value, as given.
    public String value() {
        return this.value;
    }
}
