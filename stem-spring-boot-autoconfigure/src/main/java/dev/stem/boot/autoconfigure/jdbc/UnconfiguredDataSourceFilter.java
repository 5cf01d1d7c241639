package dev.stem.boot.autoconfigure.jdbc;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import dev.stem.boot.autoconfigure.StemStoreType;
import dev.stem.boot.autoconfigure.StemStores;

/// Leaves out Spring Boot's `DataSourceAutoConfiguration` when it could only fail the start, so
/// that an application with both Stem adapters on the class path (as the Stem jars have) runs on
/// Redis alone, or on PostgreSQL through `stem.broker.url` alone, without a `spring.datasource.url`.
///
/// Boot's pooled `DataSource` needs a URL: with a connection pool (Hikari) on the class path and no
/// URL it throws "Failed to determine a suitable driver class". This filter leaves the
/// auto-configuration out only when all of these hold, and then the application has no
/// `DataSource` bean (an injection point that wants one fails naming it):
///
/// - `stem-jdbc` is on the class path (Stem brought the pool and the driver);
/// - neither `spring.datasource.url` nor `spring.datasource.jndi-name` is set;
/// - no embedded database (H2, HSQLDB, Derby) is on the class path;
/// - neither Docker Compose support nor Testcontainers service connections are on the class path
///   (they supply the URL as a `JdbcConnectionDetails` bean, which a filter cannot see);
/// - no Stem store uses the application's `DataSource` (a store on PostgreSQL has a pool of its
///   own from `stem.broker.url`, or `stem.backend.url`, or shares the broker's): when one does,
///   Boot's own failure report says what is missing.
///
/// Registered in `META-INF/spring.factories`; `--debug` lists the decision in the conditions report.
public final class UnconfiguredDataSourceFilter
        implements AutoConfigurationImportFilter, EnvironmentAware, BeanClassLoaderAware {

    static final String DATA_SOURCE_AUTO_CONFIGURATION =
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    private static final Logger log = LoggerFactory.getLogger(UnconfiguredDataSourceFilter.class);

    private static final String[] URL_SUPPLIERS = {
            "org.springframework.boot.docker.compose.core.DockerCompose",
            "org.springframework.boot.testcontainers.service.connection.ServiceConnection" };

    private @Nullable Environment environment;

    private @Nullable ClassLoader classLoader;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public boolean[] match(@Nullable String[] autoConfigurationClasses,
            AutoConfigurationMetadata autoConfigurationMetadata) {
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        Arrays.fill(matches, true);
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            if (DATA_SOURCE_AUTO_CONFIGURATION.equals(autoConfigurationClasses[i]) && dataSourceCannotBeBuilt()) {
                log.debug("Spring Boot's DataSource auto-configuration is left out: spring.datasource.url is not set, "
                        + "there is no embedded database, and no Stem store uses the application's DataSource");
                matches[i] = false;
            }
        }
        return matches;
    }

    /// Whether Boot's pooled `DataSource` would have no URL and Stem does not need it.
    boolean dataSourceCannotBeBuilt() {
        Environment env = this.environment;
        if (env == null || !present("dev.stem.jdbc.PostgresBroker")
                || !present("org.springframework.boot.jdbc.EmbeddedDatabaseConnection")) {
            return false;
        }
        if (hasText(env.getProperty("spring.datasource.url")) || hasText(env.getProperty("spring.datasource.jndi-name"))
                || Arrays.stream(URL_SUPPLIERS).anyMatch(this::present)
                || EmbeddedDatabaseConnection.get(this.classLoader) != EmbeddedDatabaseConnection.NONE) {
            return false;
        }
        try {
            boolean brokerOwnPool = StemStores.broker(env) == StemStoreType.POSTGRES
                    && hasText(env.getProperty("stem.broker.url"));
            boolean brokerShared = StemStores.broker(env) == StemStoreType.POSTGRES && !brokerOwnPool;
            boolean backendShared = StemStores.backend(env) == StemStoreType.POSTGRES
                    && !hasText(env.getProperty("stem.backend.url")) && !brokerOwnPool;
            return !brokerShared && !backendShared;
        }
        catch (RuntimeException ex) {
            return false;
        }
    }

    private boolean present(String className) {
        return ClassUtils.isPresent(className, this.classLoader);
    }

    private static boolean hasText(@Nullable String text) {
        return text != null && !text.isBlank();
    }
}
