package com.example.operations;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.stem.annotation.StemTask;

/// Tasks the admin shell's end-to-end tests operate on.
public class OperationsTasks {

    /// Runs until the file `path` exists, checking every 100 ms; interruptible.
    @StemTask(name = "ops.wait")
    public String waitFor(String path) throws InterruptedException {
        while (!Files.exists(Path.of(path))) {
            Thread.sleep(100);
        }
        return "done";
    }

    /// Fails, with no retry, unless the file `path` exists.
    @StemTask(name = "ops.needs-file", maxRetries = 0)
    public String needsFile(String path) {
        if (!Files.exists(Path.of(path))) {
            throw new IllegalStateException("no file " + path);
        }
        return "found";
    }

    /// Returns `value`.
    @StemTask(name = "ops.echo")
    public String echo(String value) {
        return value;
    }
}
