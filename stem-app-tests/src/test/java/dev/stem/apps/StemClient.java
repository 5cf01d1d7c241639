package dev.stem.apps;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.stem.Stem;
import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.control.ControlClient;
import dev.stem.control.EventBus;
import dev.stem.control.WorkerRegistry;
import dev.stem.schedule.Schedules;

/// The tests' own producer: a Boot application on the starter, in the test JVM, pointed at the
/// same store as the jars (no worker), to enqueue tasks and read their results.
final class StemClient implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private StemClient(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static StemClient connect(TestStore store) {
        List<String> properties = new ArrayList<>(store.properties());
        properties.add("stem.worker.enabled=false");
        properties.add("stem.redis.check-server=false");
        properties.add("spring.autoconfigure.exclude="
                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                + "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
                + "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration");
        return new StemClient(new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
                .properties(properties.toArray(String[]::new))
                .run());
    }

    Stem stem() {
        return this.context.getBean(Stem.class);
    }

    Broker broker() {
        return this.context.getBean(Broker.class);
    }

    ResultBackend backend() {
        return this.context.getBean(ResultBackend.class);
    }

    Schedules schedules() {
        return this.context.getBean(Schedules.class);
    }

    /// A control-plane client of its own, to find out what the workers do.
    ControlClient control() {
        return new ControlClient(this.context.getBean(EventBus.class), workers(), Clock.systemUTC(), "test-client");
    }

    /// The live workers, from their heartbeats.
    WorkerRegistry workers() {
        return this.context.getBean(WorkerRegistry.class);
    }

    @Override
    public void close() {
        this.context.close();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Application {

    }
}
