package dev.stem.boot.autoconfigure.diagnostics;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

import static org.assertj.core.api.Assertions.assertThat;

class StemPropertyCatalogTests {

    private static final String METADATA = """
            {"properties": [
              {"name": "stem.demo.labels", "type": "java.util.Map<java.lang.String,java.lang.String>"},
              {"name": "stem.demo.hosts", "type": "java.util.List<java.lang.String>"},
              {"name": "stem.demo.fetch-wait", "type": "java.time.Duration"},
              {"name": "spring.demo.other", "type": "java.lang.String"}
            ]}
            """;

    @Test
    void entriesOfMapAndListKeysAreKnown(@TempDir Path dir) throws IOException {
        StemPropertyCatalog catalog = catalogOf(dir);
        assertThat(catalog.isKnown(name("stem.demo.labels.team"), false)).isTrue();
        assertThat(catalog.isKnown(name("stem.demo.labels[owner.name]"), false)).isTrue();
        assertThat(catalog.isKnown(name("stem.demo.hosts[0]"), false)).isTrue();
    }

    @Test
    void namesBelowAScalarKeyAreUnknown(@TempDir Path dir) throws IOException {
        assertThat(catalogOf(dir).isKnown(name("stem.demo.fetch-wait.unit"), false)).isFalse();
    }

    @Test
    void relaxedFormsAreKnownAndTheUnderscoreFormOnlyFromEnvironmentVariables(@TempDir Path dir)
            throws IOException {
        StemPropertyCatalog catalog = catalogOf(dir);
        assertThat(catalog.isKnown(ConfigurationPropertyName.adapt("stem.demo.fetchWait", '.'), false)).isTrue();
        assertThat(catalog.isKnown(name("stem.demo.fetchwait"), false)).isTrue();
        assertThat(catalog.isKnown(name("stem.demo.fetch.wait"), false)).isFalse();
        assertThat(catalog.isKnown(name("stem.demo.fetch.wait"), true)).isTrue();
    }

    @Test
    void onlyStemKeysAreRead(@TempDir Path dir) throws IOException {
        StemPropertyCatalog catalog = catalogOf(dir);
        assertThat(catalog.closestTo(name("stem.demo.other"))).isEmpty();
        assertThat(catalog.closestTo(name("stem.demo.label"))).contains("stem.demo.labels");
    }

    private static StemPropertyCatalog catalogOf(Path dir) throws IOException {
        Path metadata = dir.resolve("META-INF/spring-configuration-metadata.json");
        Files.createDirectories(metadata.getParent());
        Files.writeString(metadata, METADATA);
        try (URLClassLoader classLoader = new URLClassLoader(new URL[] { dir.toUri().toURL() }, null)) {
            return StemPropertyCatalog.load(classLoader);
        }
    }

    private static ConfigurationPropertyName name(String name) {
        return ConfigurationPropertyName.of(name);
    }
}
