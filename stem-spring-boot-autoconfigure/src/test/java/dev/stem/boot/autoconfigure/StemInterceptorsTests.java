package dev.stem.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.stem.Stem;
import dev.stem.annotation.StemTask;
import dev.stem.envelope.Envelope;
import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.middleware.ExecutionInterceptor;
import dev.stem.task.TaskContext;
import dev.stem.worker.WorkerListener;

import static org.assertj.core.api.Assertions.assertThat;

/// End to end: the application's interceptors and listener are wired into the client and the worker.
class StemInterceptorsTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemAutoConfiguration.class))
            .withPropertyValues("stem.worker.fetch-wait=100ms", "stem.worker.shutdown-timeout=2s")
            .withUserConfiguration(GreetingConfiguration.class);

    @Test
    void enqueueInterceptorChangesThePublishedMessage() {
        this.contextRunner.run(context -> {
            Object result = context.getBean(Stem.class).enqueue("greet", Map.of("name", "Ada")).result(WAIT);

            assertThat(result).isEqualTo("Hello Ada from acme");
        });
    }

    @Test
    void executionInterceptorWrapsTheTask() {
        this.contextRunner.run(context -> {
            context.getBean(Stem.class).enqueue("greet", Map.of("name", "Ada")).result(WAIT);

            assertThat(context.getBean(RecordingExecutionInterceptor.class).seen).containsExactly("greet");
        });
    }

    @Test
    void workerListenerHearsTheOutcome() {
        this.contextRunner.run(context -> {
            context.getBean(Stem.class).enqueue("greet", Map.of("name", "Ada")).result(WAIT);

            RecordingWorkerListener listener = context.getBean(RecordingWorkerListener.class);
            assertThat(listener.succeeded.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(listener.results).containsExactly("Hello Ada from acme");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class GreetingConfiguration {

        @Bean
        GreetingTasks greetingTasks() {
            return new GreetingTasks();
        }

        @Bean
        EnqueueInterceptor tenantHeader() {
            return envelope -> envelope.toBuilder().headers(Map.of("tenant", "acme")).build();
        }

        @Bean
        RecordingExecutionInterceptor recordingExecutionInterceptor() {
            return new RecordingExecutionInterceptor();
        }

        @Bean
        RecordingWorkerListener recordingWorkerListener() {
            return new RecordingWorkerListener();
        }
    }

    /// A task that greets on behalf of the tenant named in its headers.
    public static class GreetingTasks {

        @StemTask(name = "greet")
        public String greet(String name, TaskContext context) {
            return "Hello " + name + " from " + context.headers().get("tenant");
        }
    }

    /// Records the task of every attempt it wraps.
    static class RecordingExecutionInterceptor implements ExecutionInterceptor {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public @Nullable Object intercept(TaskContext context, Execution next) throws Exception {
            this.seen.add(context.envelope().task());
            return next.proceed();
        }
    }

    /// Records the results of successful attempts.
    static class RecordingWorkerListener implements WorkerListener {

        final CountDownLatch succeeded = new CountDownLatch(1);

        final List<@Nullable Object> results = new CopyOnWriteArrayList<>();

        @Override
        public void succeeded(Envelope envelope, Duration duration, @Nullable Object result) {
            this.results.add(result);
            this.succeeded.countDown();
        }
    }
}
