package dev.stem.boot.autoconfigure;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.stem.worker.WorkerOptions;

/// Warns once at startup when the worker's graceful stop cannot fit in the shutdown phase that
/// Spring waits for: with `stem.worker.shutdown-timeout` at or above
/// `spring.lifecycle.timeout-per-shutdown-phase`, Spring stops waiting for the worker and closes
/// the connections while tasks may still be running, and their messages run again once their
/// lease lapses. A warning, not a failure: nothing is lost, and an application that sets its own
/// `LifecycleProcessor` timeouts may know better.
final class WorkerShutdownTimeoutCheck {

    static final String PHASE_TIMEOUT_KEY = "spring.lifecycle.timeout-per-shutdown-phase";

    static final String SHUTDOWN_TIMEOUT_KEY = "stem.worker.shutdown-timeout";

    /// Spring Boot's default for `spring.lifecycle.timeout-per-shutdown-phase`.
    private static final Duration BOOT_PHASE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(WorkerShutdownTimeoutCheck.class);

    private WorkerShutdownTimeoutCheck() {
    }

    /// Logs the warning if `options` does not leave the worker's stop inside the shutdown phase.
    static void check(WorkerOptions options, Environment environment) {
        Duration phase = Binder.get(environment).bind(PHASE_TIMEOUT_KEY, Duration.class).orElse(BOOT_PHASE_TIMEOUT);
        Duration drain = options.shutdownTimeout();
        if (drain.compareTo(phase) >= 0) {
            log.warn("{} ({}) is not below {} ({}): on shutdown Spring stops waiting for the worker before its "
                    + "running tasks are given back and closes the connections under them, and their messages "
                    + "run again when their lease lapses. Set {} a few seconds below {}, or raise {}.",
                    SHUTDOWN_TIMEOUT_KEY, format(drain), PHASE_TIMEOUT_KEY, format(phase), SHUTDOWN_TIMEOUT_KEY,
                    PHASE_TIMEOUT_KEY, PHASE_TIMEOUT_KEY);
        }
    }

    private static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
