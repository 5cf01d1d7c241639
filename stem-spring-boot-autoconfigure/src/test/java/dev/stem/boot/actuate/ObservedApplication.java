package dev.stem.boot.actuate;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.stem.Stem;
import dev.stem.annotation.StemTask;
import dev.stem.task.TaskContext;

/// A web application with Actuator, a worker and three tasks: one that succeeds, one that fails
/// its first attempt, one that always fails (no retries, so it is dead-lettered); and an HTTP
/// endpoint that enqueues.
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ ObservedApplication.Tasks.class, ObservedApplication.EnqueueController.class })
public class ObservedApplication {

    /// The test tasks.
    public static class Tasks {

        /// While set, `obs.fixable` fails.
        public static final AtomicBoolean broken = new AtomicBoolean(true);

        /// `obs.slow` runs until this opens.
        public static volatile CountDownLatch release = new CountDownLatch(1);

        @StemTask(name = "obs.fixable", maxRetries = 0)
        public String fixable(String key) {
            if (broken.get()) {
                throw new IllegalStateException("still broken: " + key);
            }
            return "fixed " + key;
        }

        @StemTask(name = "obs.slow")
        public void slow() throws InterruptedException {
            release.await(30, TimeUnit.SECONDS);
        }

        @StemTask(name = "obs.ok")
        public int ok(int n) {
            return n;
        }

        @StemTask(name = "obs.flaky", retryBackoff = "100ms")
        public String flaky(String key, TaskContext context) {
            if (context.attempt() == 0) {
                throw new IllegalStateException("first attempt of " + key + " fails");
            }
            return key;
        }

        @StemTask(name = "obs.doomed", maxRetries = 0)
        public void doomed(String why) {
            throw new IllegalArgumentException("doomed");
        }
    }

    /// `POST /enqueue?task=obs.flaky&key=k` enqueues a task and returns its id.
    @RestController
    public static class EnqueueController {

        private final Stem stem;

        public EnqueueController(Stem stem) {
            this.stem = stem;
        }

        @PostMapping("/enqueue")
        public Map<String, String> enqueue(@RequestParam String key) {
            return Map.of("id", this.stem.enqueue("obs.flaky", Map.of("key", key)).id());
        }
    }
}
