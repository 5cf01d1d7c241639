package dev.stem.boot.autoconfigure.diagnostics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/// Logs one warning at startup for each key under `stem.` that no Stem property binds (a typo such
/// as `stem.worker.concurency` is otherwise silently ignored), naming where it was set and the
/// closest known key.
///
/// Every relaxed form of a known key is accepted (`fetch-wait`, `fetchWait`,
/// `STEM_WORKER_FETCHWAIT`, `STEM_WORKER_FETCH_WAIT`), and so is anything below a list or map key.
/// Environment variables and JVM system properties are shared with other software (`STEM_HOME`,
/// a build's `-Dstem.*`), so from them only keys inside a known group (`stem.worker.*`,
/// `stem.redis.*`, ...) are checked. The known keys come from the configuration metadata of the
/// jars on the class path; without any, nothing is reported.
public final class UnknownStemPropertiesReporter implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(UnknownStemPropertiesReporter.class);

    private final Environment environment;

    private final ClassLoader classLoader;

    public UnknownStemPropertiesReporter(Environment environment, ClassLoader classLoader) {
        this.environment = environment;
        this.classLoader = classLoader;
    }

    @Override
    public void afterSingletonsInstantiated() {
        StemPropertyCatalog catalog = StemPropertyCatalog.load(this.classLoader);
        if (catalog.isEmpty()) {
            log.debug("No configuration metadata describes stem.* keys; unknown keys are not reported");
            return;
        }
        unknownKeys(catalog).forEach((name, origin) -> log.warn("Unknown property '{}'{} is ignored: {}", name,
                origin != null ? " (from " + origin + ")" : "",
                catalog.closestTo(name).map((key) -> "did you mean '" + key + "'?")
                        .orElse("no Stem property has a similar name")));
    }

    private Map<ConfigurationPropertyName, @Nullable Origin> unknownKeys(StemPropertyCatalog catalog) {
        Map<ConfigurationPropertyName, @Nullable Origin> unknown = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            boolean environmentVariables = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
            boolean shared = environmentVariables || isSystemProperties(source.getUnderlyingSource());
            iterable.stream()
                    .filter(StemPropertyCatalog.ROOT::isAncestorOf)
                    .filter((name) -> !shared || catalog.isInKnownGroup(name))
                    .filter((name) -> !catalog.isKnown(name, environmentVariables))
                    .forEach((name) -> unknown.putIfAbsent(name, origin(source, name)));
        }
        return unknown;
    }

    private static boolean isSystemProperties(@Nullable Object source) {
        return source instanceof PropertySource<?> propertySource
                && StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(propertySource.getName());
    }

    private static @Nullable Origin origin(ConfigurationPropertySource source, ConfigurationPropertyName name) {
        ConfigurationProperty property = source.getConfigurationProperty(name);
        return property != null ? property.getOrigin() : null;
    }
}
