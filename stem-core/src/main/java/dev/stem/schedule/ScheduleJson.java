package dev.stem.schedule;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/// The JSON form in which the Redis and PostgreSQL stores keep entries and states: the record
/// components by name, times as ISO-8601 text, enums by name. Reading ignores unknown fields, so a
/// newer Stem's additions do not break an older reader.
public final class ScheduleJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ScheduleJson() {
    }

    /// `entry` as JSON text.
    public static String write(ScheduleEntry entry) {
        return MAPPER.writeValueAsString(entry);
    }

    /// `state` as JSON text.
    public static String write(ScheduleState state) {
        return MAPPER.writeValueAsString(state);
    }

    /// `record` as one JSON object with the fields `entry` and `state`.
    public static String write(ScheduleRecord record) {
        return MAPPER.writeValueAsString(record);
    }

    /// The record written by [#write(ScheduleRecord)].
    public static ScheduleRecord readRecord(String json) {
        return MAPPER.readValue(json, ScheduleRecord.class);
    }

    /// The arguments of entry `entryId` written as JSON text (`args` in configuration and
    /// annotations); an [InvalidScheduleException] naming the entry, the field and the text when it
    /// is not JSON. Whether it is an array or object is [ScheduleValidator]'s check.
    public static JsonNode args(String entryId, String json) {
        try {
            return MAPPER.readTree(json);
        }
        catch (JacksonException ex) {
            throw new InvalidScheduleException(entryId, "args", json, "is not JSON: " + ex.getOriginalMessage());
        }
    }

    /// The entry written by [#write(ScheduleEntry)].
    public static ScheduleEntry readEntry(String json) {
        return MAPPER.readValue(json, ScheduleEntry.class);
    }

    /// The state written by [#write(ScheduleState)].
    public static ScheduleState readState(String json) {
        return MAPPER.readValue(json, ScheduleState.class);
    }
}
