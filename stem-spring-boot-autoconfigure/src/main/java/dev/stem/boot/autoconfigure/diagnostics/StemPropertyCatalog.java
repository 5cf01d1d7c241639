package dev.stem.boot.autoconfigure.diagnostics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.util.StreamUtils;

import dev.stem.NearestNames;

/// The `stem.*` keys that some property binds, read from the configuration metadata of every jar
/// on the class path (`META-INF/spring-configuration-metadata.json`, written by Boot's
/// configuration processor, and `META-INF/additional-spring-configuration-metadata.json`), so a
/// key that a module adds is known as soon as that module is present.
///
/// A name matches a key in any of Boot's relaxed forms (`fetch-wait`, `fetchWait`, `fetch_wait`,
/// `STEM_WORKER_FETCHWAIT`); names below a list or map key (`stem.worker.queues[0]`) match
/// that key.
final class StemPropertyCatalog {

    static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("stem");

    private static final List<String> METADATA = List.of("META-INF/spring-configuration-metadata.json",
            "META-INF/additional-spring-configuration-metadata.json");

    private final List<Key> keys;

    private StemPropertyCatalog(List<Key> keys) {
        this.keys = keys;
    }

    /// The keys described by the metadata `classLoader` sees.
    static StemPropertyCatalog load(ClassLoader classLoader) {
        Map<String, Key> keys = new LinkedHashMap<>();
        for (String location : METADATA) {
            for (URL resource : resources(classLoader, location)) {
                for (Key key : read(resource)) {
                    keys.putIfAbsent(key.text(), key);
                }
            }
        }
        return new StemPropertyCatalog(List.copyOf(keys.values()));
    }

    /// Whether no metadata described any `stem.*` key (the check is then pointless).
    boolean isEmpty() {
        return this.keys.isEmpty();
    }

    /// Whether `name` is bound by a known key. `environmentVariable` also accepts the legacy form
    /// Boot binds from environment variables, where `_` stands for a `-` (`STEM_WORKER_FETCH_WAIT`).
    boolean isKnown(ConfigurationPropertyName name, boolean environmentVariable) {
        return this.keys.stream().anyMatch((key) -> key.binds(key.name(), name)
                || (environmentVariable && key.binds(key.legacyEnvironmentName(), name)));
    }

    /// Whether `name` lies in a group of keys Stem knows, such as `stem.worker`.
    boolean isInKnownGroup(ConfigurationPropertyName name) {
        return name.getNumberOfElements() > 2
                && this.keys.stream().anyMatch((key) -> key.name().getNumberOfElements() > 2
                        && key.name().chop(2).equals(name.chop(2)));
    }

    /// The known key with the name closest to `name`, if one is close enough to be a likely typo.
    Optional<String> closestTo(ConfigurationPropertyName name) {
        String wanted = comparable(name.toString());
        return this.keys.stream()
                .map((key) -> new Candidate(key.text(), NearestNames.distance(wanted, comparable(key.text()))))
                .filter((candidate) -> candidate.distance() <= Math.max(2, wanted.length() / 4))
                .min(Comparator.comparingInt(Candidate::distance))
                .map(Candidate::key);
    }

    private static String comparable(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "");
    }

    private static List<URL> resources(ClassLoader classLoader, String location) {
        try {
            return Collections.list(classLoader.getResources(location));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot list " + location, ex);
        }
    }

    private static List<Key> read(URL resource) {
        String json;
        try (InputStream in = resource.openStream()) {
            json = StreamUtils.copyToString(in, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + resource, ex);
        }
        if (!json.contains("\"stem.")) {
            return List.of();
        }
        List<Key> keys = new ArrayList<>();
        Object properties = JsonParserFactory.getJsonParser().parseMap(json).get("properties");
        if (properties instanceof List<?> list) {
            for (Object property : list) {
                if (property instanceof Map<?, ?> map && map.get("name") instanceof String text) {
                    Key key = Key.of(text, map.get("type") instanceof String type ? type : null);
                    if (key != null) {
                        keys.add(key);
                    }
                }
            }
        }
        return keys;
    }

    /// A key from the metadata, with the name Boot also binds it from in an environment variable
    /// whose `_` stands for a `-`. Names below it are bound by it when its type is a collection, a
    /// map or unknown.
    private record Key(String text, ConfigurationPropertyName name, ConfigurationPropertyName legacyEnvironmentName,
            boolean hasChildren) {

        static @Nullable Key of(String text, @Nullable String type) {
            ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(text);
            if (name == null || !ROOT.isAncestorOf(name)) {
                return null;
            }
            return new Key(text, name, ConfigurationPropertyName.adapt(text.replace('-', '.'), '.'),
                    type == null || type.contains("<") || type.endsWith("[]"));
        }

        /// Whether `candidate`, compared with `form` of this key, is this key, one of its groups, or
        /// an element below it.
        boolean binds(ConfigurationPropertyName form, ConfigurationPropertyName candidate) {
            return form.equals(candidate) || candidate.isAncestorOf(form)
                    || (this.hasChildren && form.isAncestorOf(candidate));
        }
    }

    private record Candidate(String key, int distance) {
    }
}
