package dev.stem.boot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.stem.annotation.EnableStem;
import dev.stem.annotation.StemTask;
import dev.stem.annotation.StemTaskAnnotationBeanPostProcessor;
import dev.stem.control.RateLimit;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;
import dev.stem.task.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class StemAnnotationDrivenConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemAutoConfiguration.class))
            .withPropertyValues("stem.worker.enabled=false");

    @Test
    void stemTaskBeanIsRegisteredWithItsOptions() {
        this.contextRunner.withUserConfiguration(MailTasksConfiguration.class)
                .withPropertyValues("app.mail-queue=mail").run(context -> {
                    assertThat(context).hasNotFailed();
                    TaskRegistry registry = context.getBean(TaskRegistry.class);
                    assertThat(registry.find("mail.send")).hasValueSatisfying(task -> {
                        TaskOptions options = task.options();
                        assertThat(options.queue()).isEqualTo("mail");
                        assertThat(options.priority()).isEqualTo(7);
                        assertThat(options.retryPolicy().maxRetries()).isEqualTo(5);
                        assertThat(options.hardTimeLimit()).isEqualTo(Duration.ofSeconds(30));
                        assertThat(options.rateLimit()).isEqualTo(RateLimit.parse("10/s"));
                    });
                    assertThat(registry.find("MailTasks.digest")).map(TaskDefinition::options)
                            .hasValueSatisfying(options -> assertThat(options.queue()).isEqualTo("default"));
                });
    }

    @Test
    void invalidTaskNameFailsTheStartNamingTheTask() {
        this.contextRunner.withUserConfiguration(BadNameConfiguration.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context).getFailure()
                    .hasMessageContaining("invalid name 'bad name!'")
                    .hasMessageContaining("BadNameTasks.run");
        });
    }

    @Test
    void invalidTaskQueueFailsTheStartNamingTheTask() {
        this.contextRunner.withUserConfiguration(BadQueueConfiguration.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context).getFailure()
                    .hasMessageContaining("@StemTask 'reports.build'")
                    .hasMessageContaining("invalid queue 'bad queue!'");
        });
    }

    @Test
    void enableStemInTheApplicationDoesNotRegisterASecondPostProcessor() {
        this.contextRunner.withUserConfiguration(EnableStemConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(StemTaskAnnotationBeanPostProcessor.class);
            assertThat(context.getBean(TaskRegistry.class).find("mail.send")).isPresent();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class MailTasksConfiguration {

        @Bean
        MailTasks mailTasks() {
            return new MailTasks();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableStem
    static class EnableStemConfiguration {

        @Bean
        MailTasks mailTasks() {
            return new MailTasks();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadNameConfiguration {

        @Bean
        BadNameTasks badNameTasks() {
            return new BadNameTasks();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadQueueConfiguration {

        @Bean
        BadQueueTasks badQueueTasks() {
            return new BadQueueTasks();
        }
    }

    static class MailTasks {

        @StemTask(name = "mail.send", queue = "${app.mail-queue:default}", priority = 7, maxRetries = 5,
                timeLimit = "30s", rateLimit = "10/s")
        String send(String to) {
            return "sent to " + to;
        }

        @StemTask
        void digest() {
        }
    }

    static class BadNameTasks {

        @StemTask(name = "bad name!")
        void run() {
        }
    }

    static class BadQueueTasks {

        @StemTask(name = "reports.build", queue = "bad queue!")
        void build() {
        }
    }
}
