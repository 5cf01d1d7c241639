package dev.stem.samples.canvas;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import dev.stem.Stem;
import dev.stem.canvas.ChordHandle;
import dev.stem.canvas.GroupHandle;
import dev.stem.canvas.Signature;
import dev.stem.canvas.StemCanvas;

/// Runs three workflows and prints what they return: a group of thumbnails (results in member
/// order), a chord whose body sums them up, and a chord with a corrupt image whose error callback
/// runs once while its body never does.
@Component
public class WorkflowRunner implements ApplicationRunner {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final StemCanvas canvas;

    private final Stem stem;

    private final PrintStream out = System.out;

    public WorkflowRunner(StemCanvas canvas, Stem stem) {
        this.canvas = canvas;
        this.stem = stem;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> images = List.of("cat.png", "dog.png", "owl.png", "fox.png");

        GroupHandle group = this.canvas.group(thumbnails(images));
        this.out.println("Group of " + images.size() + " thumbnails, results in member order:");
        group.results(WAIT).forEach(result -> this.out.println("  " + result));

        ChordHandle chord = this.canvas.chord(thumbnails(images), Signature.of("thumbs.summary"), null);
        this.out.println("Chord summary: " + chord.result(WAIT));

        String errorCallback = UUID.randomUUID().toString();
        ChordHandle failing = this.canvas.chord(thumbnails(List.of("bird.png", "corrupt.png", "frog.png")),
                Signature.of("thumbs.summary"), Signature.of("thumbs.failed").withId(errorCallback));
        this.out.println("Chord with a corrupt image, error callback: "
                + this.stem.handle(errorCallback, String.class).result(WAIT));
        this.out.println("Its body ran: " + failing.body().info().isPresent());
    }

    /// One thumbnail signature per image, through a stand-in of the task bean.
    private List<Signature> thumbnails(List<String> images) {
        return images.stream().map(image -> this.canvas.call(ThumbnailTasks.class, tasks -> tasks.make(image, 128)))
                .toList();
    }
}
