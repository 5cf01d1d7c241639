package dev.stem.samples.redis;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import dev.stem.Stem;
import dev.stem.broker.Broker;
import dev.stem.broker.QueueStats;
import dev.stem.client.EnqueueOptions;
import dev.stem.client.TaskFailedException;
import dev.stem.client.TaskHandle;
import dev.stem.client.TaskTimeoutException;
import dev.stem.control.EventBus;
import dev.stem.control.StemEvent;

/// The `producer` profile: enqueues `sample.images` thumbnail jobs, one of them urgent (priority
/// 9, so a worker takes it before the others) and one delayed by three seconds, prints what is
/// queued in Redis and, with `sample.await=true`, shows the worker's progress and results.
@Component
@Profile("producer")
class Producer implements ApplicationRunner {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final Duration DELAY = Duration.ofSeconds(3);

    private final Stem stem;

    private final Broker broker;

    private final EventBus events;

    private final int images;

    private final boolean await;

    private final PrintStream out = System.out;

    Producer(Stem stem, Broker broker, EventBus events, @Value("${sample.images:8}") int images,
            @Value("${sample.await:false}") boolean await) {
        this.stem = stem;
        this.broker = broker;
        this.events = events;
        this.images = images;
        this.await = await;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        try (AutoCloseable progress = this.await ? this.events.subscribe(this::showProgress) : () -> { }) {
            Map<String, TaskHandle<Object>> handles = new LinkedHashMap<>();
            for (int i = 1; i <= this.images; i++) {
                String image = "photo-" + i + ".jpg";
                String label = image;
                EnqueueOptions options = EnqueueOptions.defaults();
                if (i == 1) {
                    options = EnqueueOptions.builder().countdown(DELAY).build();
                    label += " (delayed 3 s)";
                }
                else if (i == this.images) {
                    options = EnqueueOptions.builder().priority(9).build();
                    label += " (urgent)";
                }
                handles.put(label, this.stem.enqueue(ThumbnailTasks.THUMBNAIL, Map.of("image", image, "width", 320),
                        options));
            }
            QueueStats queue = this.broker.stats("default");
            this.out.printf("%nEnqueued %d thumbnail jobs in Redis. Queue 'default' now: %d ready, %d delayed, "
                    + "%d being worked on.%n", handles.size(), queue.ready(), queue.delayed(), queue.inFlight());
            if (!this.await) {
                this.out.println("Start a worker (profile 'worker') to run them.");
                return;
            }
            this.out.println("Waiting for the worker...");
            Map<String, String> results = new LinkedHashMap<>();
            handles.forEach((image, handle) -> results.put(image, outcome(handle)));
            this.out.println("Results from the worker:");
            results.forEach((image, result) -> this.out.printf("  %-28s %s%n", image, result));
        }
    }

    private String outcome(TaskHandle<Object> handle) {
        try {
            return "SUCCESS -> " + handle.result(WAIT);
        }
        catch (TaskFailedException ex) {
            return ex.record().state() + " -> " + (ex.record().error() != null ? ex.record().error().message() : "");
        }
        catch (TaskTimeoutException ex) {
            return "no result within " + WAIT.toSeconds() + " s: is a worker running?";
        }
    }

    private void showProgress(StemEvent event) {
        if (StemEvent.TASK_PROGRESS.equals(event.type())) {
            this.out.printf("  progress from worker %s: %s %s%%%n", event.source(), event.data().get("image"),
                    event.data().get("percent"));
        }
    }
}
