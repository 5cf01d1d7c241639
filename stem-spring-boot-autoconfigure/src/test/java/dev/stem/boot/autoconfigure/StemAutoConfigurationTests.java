package dev.stem.boot.autoconfigure;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.stem.Stem;
import dev.stem.annotation.StemTaskAnnotationBeanPostProcessor;
import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.client.DefaultStem;
import dev.stem.control.DistributedLock;
import dev.stem.control.EventBus;
import dev.stem.control.RateLimiter;
import dev.stem.control.RevokeStore;
import dev.stem.control.WorkerRegistry;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryDistributedLock;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryRateLimiter;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.memory.InMemoryScheduleStore;
import dev.stem.memory.InMemoryWorkerRegistry;
import dev.stem.schedule.ScheduleStore;
import dev.stem.task.TaskRegistry;
import dev.stem.worker.LoggingWorkerListener;
import dev.stem.worker.Worker;
import dev.stem.worker.WorkerOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class StemAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemAutoConfiguration.class));

    @Test
    void defaultContextRunsEverythingInMemory() {
        this.contextRunner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBean(Stem.class).isInstanceOf(DefaultStem.class);
            assertThat(context).getBean(Broker.class).isInstanceOf(InMemoryBroker.class);
            assertThat(context).getBean(ResultBackend.class).isInstanceOf(InMemoryResultBackend.class);
            assertThat(context).getBean(RevokeStore.class).isInstanceOf(InMemoryRevokeStore.class);
            assertThat(context).getBean(RateLimiter.class).isInstanceOf(InMemoryRateLimiter.class);
            assertThat(context).getBean(EventBus.class).isInstanceOf(InMemoryEventBus.class);
            assertThat(context).getBean(WorkerRegistry.class).isInstanceOf(InMemoryWorkerRegistry.class);
            assertThat(context).getBean(DistributedLock.class).isInstanceOf(InMemoryDistributedLock.class);
            assertThat(context).getBean(ScheduleStore.class).isInstanceOf(InMemoryScheduleStore.class);
            assertThat(context).hasSingleBean(TaskRegistry.class);
            assertThat(context).hasSingleBean(EnvelopeCodec.class);
            assertThat(context).hasSingleBean(StemProperties.class);
            assertThat(context).hasSingleBean(StemTaskAnnotationBeanPostProcessor.class);
            assertThat(context).hasSingleBean(WorkerOptions.class);
            assertThat(context).hasSingleBean(LoggingWorkerListener.class);
            assertThat(context).getBean(Worker.class).satisfies(worker -> assertThat(worker.isRunning()).isTrue());
        });
    }

    @ParameterizedTest(name = "backs off when the application defines its own {0}")
    @MethodSource("replaceableBeans")
    void backsOffWhenTheApplicationDefinesItsOwnBean(UserBean<?> userBean) {
        userBean.register(this.contextRunner).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBean(userBean.type()).isSameAs(userBean.instance());
        });
    }

    static Stream<UserBean<?>> replaceableBeans() {
        return Stream.of(
                new UserBean<>(Broker.class, new InMemoryBroker()),
                new UserBean<>(ResultBackend.class, new InMemoryResultBackend()),
                new UserBean<>(Stem.class, mock(Stem.class)),
                new UserBean<>(Worker.class, mock(Worker.class)),
                new UserBean<>(TaskRegistry.class, new TaskRegistry()),
                new UserBean<>(EnvelopeCodec.class, new EnvelopeCodec()),
                new UserBean<>(WorkerOptions.class, WorkerOptions.defaults("custom")),
                new UserBean<>(RevokeStore.class, new InMemoryRevokeStore()),
                new UserBean<>(RateLimiter.class, new InMemoryRateLimiter()),
                new UserBean<>(EventBus.class, new InMemoryEventBus()),
                new UserBean<>(WorkerRegistry.class, new InMemoryWorkerRegistry()),
                new UserBean<>(DistributedLock.class, new InMemoryDistributedLock()),
                new UserBean<>(ScheduleStore.class, new InMemoryScheduleStore()));
    }

    /// A bean the application defines in place of Stem's.
    record UserBean<T>(Class<T> type, T instance) {

        ApplicationContextRunner register(ApplicationContextRunner runner) {
            return runner.withBean("user" + this.type.getSimpleName(), this.type, () -> this.instance);
        }

        @Override
        public String toString() {
            return this.type.getSimpleName();
        }
    }
}
