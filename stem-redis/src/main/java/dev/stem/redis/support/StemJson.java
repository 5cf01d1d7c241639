package dev.stem.redis.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.json.JsonMapper;

/// The JSON mapper for the records the Redis adapters store (task results, schedule entries, worker
/// heartbeats, events). It is private to the adapters, so an application's Jackson settings never
/// change what is stored: records are written by their components, absent (`null`) values are left
/// out, instants and durations are ISO-8601 text.
public final class StemJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private StemJson() {
    }

    /// The shared, thread-safe mapper.
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
