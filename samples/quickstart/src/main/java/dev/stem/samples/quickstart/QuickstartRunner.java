package dev.stem.samples.quickstart;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import dev.stem.Stem;
import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetter;
import dev.stem.client.TaskFailedException;
import dev.stem.client.TaskHandle;
import dev.stem.control.EventBus;

/// Enqueues the demo workload and lets [WorkloadMonitor] narrate it; once every message reached its
/// end, prints every result and the dead letters.
@Component
public class QuickstartRunner implements ApplicationRunner {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Stem stem;

    private final Broker broker;

    private final EventBus events;

    private final WorkloadMonitor monitor;

    private final PrintStream out = System.out;

    public QuickstartRunner(Stem stem, Broker broker, EventBus events, WorkloadMonitor monitor) {
        this.stem = stem;
        this.broker = broker;
        this.events = events;
        this.monitor = monitor;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        Map<String, TaskHandle<?>> handles = new LinkedHashMap<>();
        try (AutoCloseable progress = this.events.subscribe(this.monitor::progress)) {
            this.out.printf("%nEnqueueing 6 tasks; the worker runs them (progress, retries and dead letters as they happen):%n%n");
            handles.put("add 2 + 3", this.stem.call(DemoTasks.class, tasks -> tasks.add(2, 3)));
            handles.put("add 40 + 2", this.stem.enqueue("demo.add", Map.of("a", 40, "b", 2), Integer.class));
            handles.put("resize cat.png", this.stem.enqueue("demo.resize", Map.of("image", "cat.png"), String.class));
            handles.put("flaky api.example.com",
                    this.stem.enqueue("demo.flaky", Map.of("endpoint", "api.example.com"), String.class));
            handles.put("charge acct-42", this.stem.run(DemoTasks.class, tasks -> tasks.charge("acct-42")));
            handles.put("unknown task", this.stem.enqueue("demo.no-such-task", List.of()));
            if (!this.monitor.awaitFinished(handles.size(), WAIT)) {
                this.out.printf("%nNot every task finished within %d s; the table shows where each one is.%n",
                        WAIT.toSeconds());
            }
        }
        finally {
            this.monitor.close();
        }

        this.out.printf("%nResults:%n");
        handles.forEach((label, handle) -> this.out.printf("  %-24s %s%n", label, outcome(handle)));
        List<DeadLetter> dead = this.broker.deadLetters("default", 0, 100);
        this.out.printf("%nDead letter queue 'default' (%d):%n", dead.size());
        for (DeadLetter letter : dead) {
            this.out.printf("  %-20s %-22s %s%n", letter.envelope() != null ? letter.envelope().task() : "?",
                    letter.reason().code(), letter.reason().message());
        }
        this.out.println();
    }

    private String outcome(TaskHandle<?> handle) {
        if (!handle.state().isTerminal()) {
            return handle.state().toString();
        }
        try {
            return "SUCCESS -> " + handle.result(WAIT);
        }
        catch (TaskFailedException ex) {
            return ex.record().state() + " -> " + (ex.record().error() != null ? ex.record().error().message() : "");
        }
    }
}
