package dev.stem.samples.canvas;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.stem.annotation.StemTask;

/// The tasks of the workflows. Arguments come positionally from the canvas: a chord body gets the
/// list of member results first, an error callback the failed task's id and error.
@Component
public class ThumbnailTasks {

    /// Makes a thumbnail of `image`; an image whose name starts with `corrupt` cannot be decoded,
    /// which no retry fixes.
    @StemTask(name = "thumbs.make", noRetryFor = IllegalArgumentException.class)
    public Map<String, Object> make(String image, int width) {
        if (image.startsWith("corrupt")) {
            throw new IllegalArgumentException("cannot decode " + image);
        }
        return Map.of("image", image, "width", width, "bytes", image.length() * width * 3);
    }

    /// Sums up the thumbnails of a chord.
    @StemTask(name = "thumbs.summary")
    public String summary(List<Map<String, Object>> thumbnails) {
        int bytes = thumbnails.stream().mapToInt(thumbnail -> ((Number) thumbnail.get("bytes")).intValue()).sum();
        return thumbnails.size() + " thumbnails, " + bytes + " bytes";
    }

    /// Reports a chord whose member failed for good.
    @StemTask(name = "thumbs.failed")
    public String failed(String taskId, Map<String, Object> error) {
        return "task " + taskId + " failed: " + error.get("message");
    }
}
