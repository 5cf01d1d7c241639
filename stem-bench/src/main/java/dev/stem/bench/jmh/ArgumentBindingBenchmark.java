package dev.stem.bench.jmh;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.task.ArgumentBinder;
import dev.stem.task.MethodTaskHandler;
import dev.stem.task.TaskContext;

/// Binding a message's JSON args to a three-parameter method (`send(String to, String subject, int
/// count)`): [ArgumentBinder#bind] alone, and a whole [MethodTaskHandler] call (bind and invoke), in
/// ns per call.
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ArgumentBindingBenchmark {

    private ArgumentBinder binder;

    private MethodTaskHandler handler;

    private JsonNode args;

    private TaskContext context;

    @Setup
    public void setUp() throws NoSuchMethodException {
        JsonMapper mapper = JsonMapper.builder().build();
        Method send = Mailer.class.getMethod("send", String.class, String.class, int.class);
        this.binder = new ArgumentBinder(SampleEnvelopes.TASK, send, mapper);
        this.handler = new MethodTaskHandler(SampleEnvelopes.TASK, new Mailer(), send, send, mapper);
        this.context = new BenchTaskContext(SampleEnvelopes.mail("default"));
        this.args = this.context.args();
    }

    @Benchmark
    public @Nullable Object[] bind() {
        return this.binder.bind(this.args, this.context);
    }

    @Benchmark
    public @Nullable Object bindAndInvoke() throws Exception {
        return this.handler.handle(this.context);
    }

    /// The task bean: a method with three parameters that does almost nothing.
    public static class Mailer {

        public int send(String to, String subject, int count) {
            return to.length() + subject.length() + count;
        }
    }
}
