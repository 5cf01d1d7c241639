package dev.stem.test;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.stem.annotation.EnableStem;
import dev.stem.annotation.StemTask;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.task.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/// A worker on a Spring context's task registry and stores, as a test of an application does.
class SpringContextTasksTests {

    @Test
    void runsTheTasksOfTheContextsRegistryOnTheContextsStores() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(AppConfig.class);
                StemTestWorker stem = StemTestWorker.builder().registry(context.getBean(TaskRegistry.class))
                        .broker(context.getBean(InMemoryBroker.class))
                        .backend(context.getBean(InMemoryResultBackend.class)).start()) {
            String id = stem.stem().enqueue("greeting", Map.of("name", "Ada")).id();

            stem.drainUntilIdle(Duration.ofSeconds(30));

            assertThat(context.getBean(InMemoryResultBackend.class).get(id))
                    .hasValueSatisfying(record -> assertThat(record.result().stringValue()).isEqualTo("Hello, Ada"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableStem
    static class AppConfig {

        @Bean
        TaskRegistry taskRegistry() {
            return new TaskRegistry();
        }

        @Bean
        InMemoryBroker broker() {
            return new InMemoryBroker();
        }

        @Bean
        InMemoryResultBackend backend() {
            return new InMemoryResultBackend();
        }

        @Bean
        GreetingTasks greetingTasks() {
            return new GreetingTasks();
        }
    }

    /// A task bean of the application.
    public static class GreetingTasks {

        @StemTask(name = "greeting")
        public String greet(String name) {
            return "Hello, " + name;
        }
    }
}
