package dev.stem.boot.autoconfigure.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import dev.stem.broker.Broker;
import dev.stem.jdbc.PostgresBroker;
import dev.stem.redis.RedisStreamsBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/// With both adapters, a pool and the PostgreSQL driver on the class path (as in the Stem jars),
/// an application without `spring.datasource.url` starts when no Stem store needs the
/// application's `DataSource`, and still fails with Boot's report when one does.
class UnconfiguredDataSourceFilterTests {

    @Test
    void redisOnlyApplicationStartsWithoutSpringDatasourceUrl() {
        try (ConfigurableApplicationContext context = start("stem.broker.url=redis://127.0.0.1:1")) {
            assertThat(context.getBean(Broker.class)).isInstanceOf(RedisStreamsBroker.class);
            assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
        }
    }

    @Test
    void postgresBrokerOnItsOwnUrlStartsWithoutSpringDatasourceUrl() {
        try (ConfigurableApplicationContext context = start(
                "stem.broker.url=postgresql://stem@127.0.0.1:1/jobs?connectTimeout=1", "stem.jdbc.listen=false")) {
            assertThat(context.getBean(Broker.class)).isInstanceOf(PostgresBroker.class);
            assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
        }
    }

    @Test
    void postgresBrokerOnTheApplicationDataSourceStillGetsBootsReport() {
        assertThatException().isThrownBy(() -> start("stem.broker.type=postgres").close())
                .withStackTraceContaining("Failed to determine a suitable driver class");
    }

    @Test
    void springDatasourceUrlKeepsBootsDataSource() {
        assertThat(filter("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/app").dataSourceCannotBeBuilt())
                .isFalse();
        assertThat(filter("stem.broker.url=redis://127.0.0.1:1").dataSourceCannotBeBuilt()).isTrue();
    }

    @Test
    void withoutStemJdbcOrWithAnInvalidStoreBootDecides() {
        UnconfiguredDataSourceFilter withoutStemJdbc = filter("stem.broker.url=redis://127.0.0.1:1");
        withoutStemJdbc.setBeanClassLoader(new FilteredClassLoader(PostgresBroker.class));
        assertThat(withoutStemJdbc.dataSourceCannotBeBuilt()).as("stem-jdbc absent").isFalse();
        UnconfiguredDataSourceFilter invalidType = filter("stem.broker.type=mongo");
        assertThat(invalidType.dataSourceCannotBeBuilt()).as("left to the store condition's report").isFalse();
    }

    private static UnconfiguredDataSourceFilter filter(String... properties) {
        MockEnvironment environment = new MockEnvironment();
        for (String property : properties) {
            String[] pair = property.split("=", 2);
            environment.setProperty(pair[0], pair[1]);
        }
        UnconfiguredDataSourceFilter filter = new UnconfiguredDataSourceFilter();
        filter.setEnvironment(environment);
        filter.setBeanClassLoader(UnconfiguredDataSourceFilterTests.class.getClassLoader());
        return filter;
    }

    private static ConfigurableApplicationContext start(String... properties) {
        SpringApplication application = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("stem.worker.enabled=false", "stem.redis.check-server=false",
                        "stem.jdbc.initialize-schema=never", "spring.main.banner-mode=off")
                .properties(properties)
                .build();
        return application.run();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }
}
