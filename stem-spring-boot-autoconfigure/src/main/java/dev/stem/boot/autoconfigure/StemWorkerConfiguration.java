package dev.stem.boot.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.control.EventBus;
import dev.stem.control.RateLimiter;
import dev.stem.control.RevokeStore;
import dev.stem.control.WorkerRegistry;
import dev.stem.middleware.ExecutionInterceptor;
import dev.stem.middleware.ReceiveInterceptor;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.middleware.ResultSealer;
import dev.stem.task.TaskRegistry;
import dev.stem.worker.CompositeWorkerListener;
import dev.stem.worker.LoggingWorkerListener;
import dev.stem.worker.Worker;
import dev.stem.worker.WorkerIds;
import dev.stem.worker.WorkerListener;
import dev.stem.worker.WorkerOptions;
import dev.stem.worker.WorkerServices;

/// The worker, on unless `stem.worker.enabled=false`. It starts with the application context and
/// stops (draining its tasks) before the connections it uses close. Its options are bound from
/// `stem.worker.*`, then adjusted by the [WorkerOptionsCustomizer] beans in order; a
/// `stem.worker.shutdown-timeout` that does not fit in `spring.lifecycle.timeout-per-shutdown-phase`
/// is reported at startup.
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "stem.worker.enabled", matchIfMissing = true)
class StemWorkerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LoggingWorkerListener stemLoggingWorkerListener() {
        return new LoggingWorkerListener();
    }

    @Bean
    @ConditionalOnMissingBean
    WorkerOptions stemWorkerOptions(StemProperties properties, ObjectProvider<WorkerOptionsCustomizer> customizers) {
        WorkerOptions options = boundOptions(properties);
        for (WorkerOptionsCustomizer customizer : customizers.orderedStream().toList()) {
            options = customizer.customize(options);
        }
        return options;
    }

    @Bean
    @ConditionalOnMissingBean
    Worker stemWorker(WorkerOptions options, Broker broker, ResultBackend backend, TaskRegistry tasks,
            RevokeStore revokes, RateLimiter rateLimiter, EventBus events, WorkerRegistry workers,
            ObjectProvider<JsonMapper> mapper, ObjectProvider<ExecutionInterceptor> interceptors,
            ObjectProvider<WorkerListener> listeners, ObjectProvider<ReceiveInterceptor> receivers,
            ObjectProvider<ResultSealer> results, ObjectProvider<RepublishInterceptor> republishers,
            Environment environment) {
        WorkerShutdownTimeoutCheck.check(options, environment);
        WorkerServices services = new WorkerServices(broker, backend, tasks, revokes, rateLimiter, events, workers,
                StemJson.mapper(mapper), interceptors.orderedStream().toList(),
                new CompositeWorkerListener(listeners.orderedStream().toList()), Clock.systemUTC(),
                receivers.orderedStream().toList(), results.getIfAvailable(() -> ResultSealer.NONE),
                republishers.orderedStream().toList());
        return new Worker(services, options);
    }

    private static WorkerOptions boundOptions(StemProperties properties) {
        StemProperties.Worker worker = properties.getWorker();
        int prefetch = worker.getPrefetch() != null ? worker.getPrefetch() : worker.getConcurrency();
        return new WorkerOptions(WorkerIds.next(), worker.getQueues(), worker.getConcurrency(), prefetch,
                worker.getLease(), worker.getFetchWait(), worker.getShutdownTimeout(), worker.getHeartbeatInterval(),
                worker.getMaxRecoveries(), properties.getBackend().getResultTtl(), worker.isTrackStarted(),
                worker.getUnknownTaskGrace(), worker.getMaxAbandonedThreads());
    }
}
