package dev.stem.backend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/// The published JSON Schema of the result record (`docs/result-record.schema.json`) describes
/// [TaskResult] as it is: every component a property, every [TaskState] in the state enum, and a
/// record as the stores write it validates against the required fields.
class ResultRecordSchemaTests {

    private static final Path SCHEMA = Path.of("..", "docs", "result-record.schema.json");

    private final JsonMapper mapper = JsonMapper.builder().build();

    @Test
    void theSchemaNamesEveryComponentOfTheRecordAndEveryState() throws Exception {
        JsonNode schema = this.mapper.readTree(Files.readString(SCHEMA));

        List<String> properties = new ArrayList<>(schema.get("properties").propertyNames());
        List<String> components = Arrays.stream(TaskResult.class.getRecordComponents()).map(c -> c.getName()).toList();
        assertThat(properties).containsExactlyInAnyOrderElementsOf(components);
        List<String> states = new ArrayList<>();
        schema.get("properties").get("state").get("enum").forEach(state -> states.add(state.stringValue()));
        assertThat(states).containsExactlyElementsOf(Arrays.stream(TaskState.values()).map(Enum::name).toList());
        List<String> errorFields = new ArrayList<>(schema.get("properties").get("error").get("properties").propertyNames());
        assertThat(errorFields).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(TaskError.class.getRecordComponents()).map(c -> c.getName()).toList());
    }

    @Test
    void aStoredRecordHasEveryRequiredField() throws Exception {
        JsonNode schema = this.mapper.readTree(Files.readString(SCHEMA));
        TaskResult record = new TaskResult("id-1", "report.daily", TaskState.SUCCESS, null, null, Map.of(), 0,
                Instant.parse("2026-01-31T12:00:00Z"));

        JsonNode written = this.mapper.valueToTree(record);

        schema.get("required").forEach(field -> assertThat(written.has(field.stringValue()))
                .as("required field %s", field.stringValue()).isTrue());
    }
}
