package dev.stem.boot.autoconfigure.diagnostics;

import java.util.Locale;

import dev.stem.boot.autoconfigure.StemStoreType;

/// Thrown at startup when `stem.broker.*` or `stem.backend.*` selects Redis or PostgreSQL but no
/// adapter for that store provided the bean, usually because its module is not on the classpath.
/// [StemStoreNotConfiguredFailureAnalyzer] turns it into a report saying what to add.
public class StemStoreNotConfiguredException extends IllegalStateException {

    private final String part;

    private final StemStoreType type;

    /// `part` is `broker` or `backend`; `type` is the store it selects, never memory.
    public StemStoreNotConfiguredException(String part, StemStoreType type) {
        super(message(part, type));
        this.part = part;
        this.type = type;
    }

    /// Which part of Stem has no store: `broker` or `backend`.
    public String getPart() {
        return this.part;
    }

    /// The store `stem.<part>.type` or `stem.<part>.url` selects.
    public StemStoreType getType() {
        return this.type;
    }

    /// The dependencies that provide the missing store.
    public String getModules() {
        return modules(this.type);
    }

    private static String message(String part, StemStoreType type) {
        if (!"broker".equals(part) && !"backend".equals(part)) {
            throw new IllegalArgumentException("part must be 'broker' or 'backend', was '" + part + "'");
        }
        String store = type.name().toLowerCase(Locale.ROOT);
        return "stem." + part + " is set to " + store + " but no " + store + " " + part + " was configured: add "
                + modules(type) + " to the classpath, or remove stem." + part + ".type/url to run in memory";
    }

    private static String modules(StemStoreType type) {
        return switch (type) {
            case REDIS -> "dev.stem:stem-redis and org.springframework.boot:spring-boot-starter-data-redis";
            case POSTGRES -> "dev.stem:stem-jdbc, org.springframework.boot:spring-boot-starter-jdbc and "
                    + "org.postgresql:postgresql";
            case MEMORY -> throw new IllegalArgumentException(
                    "the memory store is always available; nothing is missing");
        };
    }
}
