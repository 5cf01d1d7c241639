package dev.stem.worker.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/// The standalone worker. Its tasks come from jars on its classpath (with the packaged jar,
/// `-Dloader.path=tasks/`), each registering its task beans through its own
/// `META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports`. It runs until
/// stopped; SIGTERM drains running tasks up to `stem.worker.shutdown-timeout` and gives unfinished
/// ones back to the broker.
@SpringBootApplication
public class StemWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(StemWorkerApplication.class, args);
    }
}
