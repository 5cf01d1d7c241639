package dev.stem.samples.redis;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.stem.annotation.StemTask;
import dev.stem.task.TaskContext;

/// The worker's task: pretends to render a thumbnail, reporting progress as it goes (published on
/// Redis Pub/Sub), and returns a description of the result (stored in Redis).
@Component
public class ThumbnailTasks {

    /// The task's name, used by the producer to enqueue it.
    public static final String THUMBNAIL = "images.thumbnail";

    /// Renders a thumbnail `width` pixels wide of `image`.
    @StemTask(name = THUMBNAIL)
    public String thumbnail(String image, int width, TaskContext context) throws InterruptedException {
        for (int percent = 50; percent <= 100; percent += 50) {
            Thread.sleep(100);
            context.progress(Map.of("percent", percent, "image", image));
        }
        return image + " -> " + width + "px thumbnail";
    }
}
