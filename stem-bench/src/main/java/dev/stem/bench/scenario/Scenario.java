package dev.stem.bench.scenario;

import java.util.List;

import dev.stem.bench.Figure;

/// One end-to-end measurement. A run opens its own store under a random prefix, stays within the
/// run's [dev.stem.bench.Deadline] and deletes what it created before it returns, even when it fails.
public interface Scenario {

    /// The scenario's name on the command line.
    String name();

    /// Tasks per run when `--n` is not given.
    int defaultSize();

    /// Runs once and returns its figures.
    List<Figure> run(ScenarioRun run) throws Exception;
}
