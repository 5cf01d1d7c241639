package dev.stem.boot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import tools.jackson.databind.json.JsonMapper;

/// The JSON mapper Stem binds task arguments and results with: the application's own `JsonMapper`
/// when there is exactly one, so its modules and settings apply, else a default one. The wire format
/// of messages never depends on it.
public final class StemJson {

    private StemJson() {
    }

    public static JsonMapper mapper(ObjectProvider<JsonMapper> application) {
        return application.getIfUnique(() -> JsonMapper.builder().build());
    }
}
