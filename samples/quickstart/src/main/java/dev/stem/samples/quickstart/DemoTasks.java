package dev.stem.samples.quickstart;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.stem.annotation.StemTask;
import dev.stem.task.TaskContext;

/// The demo's tasks: one that adds, one that reports progress, one that fails twice before it
/// succeeds, and one that always fails and ends in the dead letter queue.
@Component
public class DemoTasks {

    /// Adds two numbers.
    @StemTask(name = "demo.add")
    public int add(int a, int b) {
        return a + b;
    }

    /// Pretends to resize an image, reporting progress as it goes.
    @StemTask(name = "demo.resize")
    public String resize(String image, TaskContext context) throws InterruptedException {
        for (int percent = 25; percent <= 100; percent += 25) {
            Thread.sleep(50);
            context.progress(Map.of("percent", percent));
        }
        return "thumbnail-of-" + image;
    }

    /// Fails on its first two attempts (0 and 1), as a flaky network call would, then succeeds on attempt 2.
    @StemTask(name = "demo.flaky", retryBackoff = "200ms")
    public String flaky(String endpoint, TaskContext context) {
        if (context.attempt() < 2) {
            throw new IllegalStateException("connection to " + endpoint + " reset");
        }
        return "fetched " + endpoint + " on attempt " + context.attempt();
    }

    /// Always fails; after one retry it goes to the dead letter queue.
    @StemTask(name = "demo.charge", maxRetries = 1, retryBackoff = "100ms")
    public void charge(String account) {
        throw new IllegalArgumentException("card of account " + account + " was declined");
    }
}
