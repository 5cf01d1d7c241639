package dev.stem.boot.autoconfigure.jdbc;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/// Tells Spring Boot that a [StemJdbcSchemaInitializer] bean initializes a database, so beans marked
/// `@DependsOnDatabaseInitialization` are created after it. Registered in `META-INF/spring.factories`.
public final class StemJdbcSchemaInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(StemJdbcSchemaInitializer.class);
    }
}
