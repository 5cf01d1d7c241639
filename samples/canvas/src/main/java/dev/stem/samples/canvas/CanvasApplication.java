package dev.stem.samples.canvas;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/// Runs the three workflows of [WorkflowRunner] on an embedded worker, then exits.
@SpringBootApplication
public class CanvasApplication {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(CanvasApplication.class, args)));
    }
}
