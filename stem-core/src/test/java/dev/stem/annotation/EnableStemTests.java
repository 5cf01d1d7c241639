package dev.stem.annotation;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.stem.client.Uniqueness;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnableStemTests {

    @Test
    void registersAnnotatedMethodsWithTheirOptions() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(GoodConfig.class)) {
            TaskRegistry registry = context.getBean(TaskRegistry.class);

            TaskDefinition resize = registry.find("images.resize").orElseThrow();
            assertThat(resize.options().queue()).isEqualTo("images");
            assertThat(resize.options().retryPolicy().maxRetries()).isEqualTo(1);
            assertThat(resize.options().softTimeLimit()).hasSeconds(30);
            assertThat(resize.options().rateLimit().permits()).isEqualTo(10);
            assertThat(resize.options().unique()).isNull();
            assertThat(registry.find("GoodTasks.cleanup")).isPresent();
            assertThat(registry.find("orders.ship").orElseThrow().options().unique()).isEqualTo(new Uniqueness(
                    List.of("order"), Duration.ofHours(1), Uniqueness.Policy.REJECT));
        }
    }

    @Test
    void aUniquenessWithoutWindowOrWithABadOneFailsTheStartNamingTheAttribute() {
        assertThatThrownBy(() -> new AnnotationConfigApplicationContext(UniqueByOnlyConfig.class))
                .hasMessageContaining("unique.by").hasMessageContaining("needs a unique.window");
        assertThatThrownBy(() -> new AnnotationConfigApplicationContext(UniqueBadWindowConfig.class))
                .hasMessageContaining("unique.window").hasMessageContaining("'hourly'");
    }

    static class UniqueByOnlyTasks {

        @StemTask(name = "orders.unique-by-only", unique = @Unique(by = "order"))
        public void ship(int order) {
        }
    }

    @Configuration
    static class UniqueByOnlyConfig extends Base {

        @Bean
        UniqueByOnlyTasks uniqueByOnlyTasks() {
            return new UniqueByOnlyTasks();
        }
    }

    static class UniqueBadWindowTasks {

        @StemTask(name = "orders.unique-bad-window", unique = @Unique(window = "hourly"))
        public void ship(int order) {
        }
    }

    @Configuration
    static class UniqueBadWindowConfig extends Base {

        @Bean
        UniqueBadWindowTasks uniqueBadWindowTasks() {
            return new UniqueBadWindowTasks();
        }
    }

    @Test
    void anInvalidTaskNameFailsTheStartNamingTheMethod() {
        assertThatThrownBy(() -> new AnnotationConfigApplicationContext(BadNameConfig.class))
                .hasMessageContaining("bad name!").hasMessageContaining("BadNameTasks");
    }

    @Test
    void anInvalidOptionFailsTheStartNamingTheAttribute() {
        assertThatThrownBy(() -> new AnnotationConfigApplicationContext(BadOptionConfig.class))
                .hasMessageContaining("softTimeLimit").hasMessageContaining("soon");
    }

    @Test
    void twoTasksWithTheSameNameFailTheStart() {
        assertThatThrownBy(() -> new AnnotationConfigApplicationContext(DuplicateConfig.class))
                .hasMessageContaining("registered twice");
    }

    static class GoodTasks {

        @StemTask(name = "images.resize", queue = "images", maxRetries = 1, softTimeLimit = "30s", rateLimit = "10/s")
        public String resize(String path) {
            return path;
        }

        @StemTask
        public void cleanup() {
        }

        @StemTask(name = "orders.ship", unique = @Unique(window = "1h", by = "order",
                onDuplicate = Uniqueness.Policy.REJECT))
        public void ship(int order) {
        }
    }

    static class BadNameTasks {

        @StemTask(name = "bad name!")
        public void run() {
        }
    }

    static class BadOptionTasks {

        @StemTask(softTimeLimit = "soon")
        public void run() {
        }
    }

    @Configuration
    @EnableStem
    static class Base {

        @Bean
        TaskRegistry taskRegistry() {
            return new TaskRegistry();
        }
    }

    @Configuration
    static class GoodConfig extends Base {

        @Bean
        GoodTasks goodTasks() {
            return new GoodTasks();
        }
    }

    @Configuration
    static class BadNameConfig extends Base {

        @Bean
        BadNameTasks badNameTasks() {
            return new BadNameTasks();
        }
    }

    @Configuration
    static class BadOptionConfig extends Base {

        @Bean
        BadOptionTasks badOptionTasks() {
            return new BadOptionTasks();
        }
    }

    @Configuration
    static class DuplicateConfig extends Base {

        @Bean
        GoodTasks first() {
            return new GoodTasks();
        }

        @Bean
        GoodTasks second() {
            return new GoodTasks();
        }
    }
}
