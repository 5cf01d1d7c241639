package dev.stem.annotation;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
            assertThat(registry.find("GoodTasks.cleanup")).isPresent();
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
