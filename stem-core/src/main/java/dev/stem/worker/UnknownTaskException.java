package dev.stem.worker;

import java.util.List;
import java.util.stream.Collectors;

import dev.stem.StemException;

/// A message names a task this worker has no handler for. The message names the registered tasks
/// whose names are nearest, to spot a typo or a worker that runs an older version.
public class UnknownTaskException extends StemException {

    /// `nearest` are the registered task names nearest to `task`, nearest first.
    public UnknownTaskException(String task, List<String> nearest) {
        super("No task named '" + task + "' is registered in this worker"
                + (nearest.isEmpty() ? " (it has no tasks)"
                        : "; nearest registered: " + nearest.stream().map(name -> "'" + name + "'")
                                .collect(Collectors.joining(", "))));
    }
}
