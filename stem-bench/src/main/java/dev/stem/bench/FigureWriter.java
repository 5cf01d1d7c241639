package dev.stem.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/// Prints figures as JSON lines, one per figure, with the run's labels:
/// `{"name","value","unit","broker","concurrency","n","stemVersion","jvm","gitCommit"}`, plus `"run"`
/// (1, 2, ...) when a scenario runs several times, `"runs"` with `"stat":"median"` on the median line,
/// and `"prefetch"` when the workers' prefetch was set to something other than their concurrency.
/// Values are rounded to three decimals. Thread-safe; each line is flushed at once.
public final class FigureWriter {

    private final PrintStream out;

    private final String broker;

    private final RunInfo info;

    private final @Nullable Integer prefetch;

    private final JsonMapper mapper = JsonMapper.builder().build();

    /// A writer labelling lines with `broker` and `info`, and with `prefetch` unless it is `null`.
    public FigureWriter(PrintStream out, String broker, RunInfo info, @Nullable Integer prefetch) {
        this.out = out;
        this.broker = broker;
        this.info = info;
        this.prefetch = prefetch;
    }

    /// Prints one figure; `run` is its run index, or `null` when the scenario runs once.
    public void print(Figure figure, @Nullable Integer run) {
        Map<String, Object> line = line(figure);
        if (run != null) {
            line.put("run", run);
        }
        write(line);
    }

    /// Prints the median of `runs` runs.
    public void printMedian(Figure median, int runs) {
        Map<String, Object> line = line(median);
        line.put("runs", runs);
        line.put("stat", "median");
        write(line);
    }

    private Map<String, Object> line(Figure figure) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", figure.name());
        line.put("value", Math.round(figure.value() * 1000) / 1000.0);
        line.put("unit", figure.unit());
        line.put("broker", this.broker);
        line.put("concurrency", figure.concurrency());
        if (this.prefetch != null) {
            line.put("prefetch", this.prefetch);
        }
        line.put("n", figure.n());
        line.put("stemVersion", this.info.stemVersion());
        line.put("jvm", this.info.jvm());
        line.put("gitCommit", this.info.gitCommit());
        return line;
    }

    private synchronized void write(Map<String, Object> line) {
        this.out.println(this.mapper.writeValueAsString(line));
        this.out.flush();
    }
}
