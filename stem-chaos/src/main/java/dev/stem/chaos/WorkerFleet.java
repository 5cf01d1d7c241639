package dev.stem.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/// The worker processes of one chaos run, with a supervisor that starts a worker again when its
/// process dies (as systemd or Kubernetes would), and the set of incarnations the run faulted:
/// killed, frozen, terminated, or found dead.
public final class WorkerFleet implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    private final List<String> jvmArguments;

    private final Path folder;

    private final Map<String, WorkerProcess> workers = new ConcurrentHashMap<>();

    private final Map<String, Integer> generations = new ConcurrentHashMap<>();

    private final Set<String> faulted = ConcurrentHashMap.newKeySet();

    private final List<WorkerProcess> all = new CopyOnWriteArrayList<>();

    private volatile boolean supervising;

    private volatile boolean closed;

    private Thread supervisor;

    /// A fleet whose workers start with `jvmArguments` and keep their output in `folder`.
    public WorkerFleet(List<String> jvmArguments, Path folder) {
        this.jvmArguments = List.copyOf(jvmArguments);
        this.folder = folder;
    }

    /// Starts the worker `name` (its first incarnation is `name.1`, then `name.2`, ...).
    public WorkerProcess start(String name) {
        return start(name, List.of());
    }

    /// Starts the worker `name` with JVM arguments of its own after the fleet's, such as
    /// `-Dstem.failpoints=...`; a restart by the supervisor drops them.
    public synchronized WorkerProcess start(String name, List<String> extraArguments) {
        int generation = this.generations.merge(name, 1, Integer::sum);
        List<String> arguments = new ArrayList<>(this.jvmArguments);
        arguments.addAll(extraArguments);
        WorkerProcess worker = WorkerProcess.start(name + "." + generation, arguments, this.folder, READY_WITHIN);
        this.workers.put(name, worker);
        this.all.add(worker);
        return worker;
    }

    /// The current incarnation of worker `name`.
    public WorkerProcess get(String name) {
        WorkerProcess worker = this.workers.get(name);
        if (worker == null) {
            throw new IllegalArgumentException("No worker named " + name);
        }
        return worker;
    }

    /// Marks the current incarnation of `name` as faulted and returns it, for the scenario to
    /// kill, freeze or terminate.
    public WorkerProcess fault(String name) {
        WorkerProcess worker = get(name);
        this.faulted.add(worker.incarnation());
        return worker;
    }

    /// Starts a thread that, every 200 ms, marks dead workers as faulted and starts them again.
    public synchronized void supervise() {
        this.supervising = true;
        this.supervisor = Thread.ofPlatform().daemon().name("chaos-supervisor").start(() -> {
            while (this.supervising && !this.closed) {
                for (String name : List.copyOf(this.workers.keySet())) {
                    WorkerProcess worker = this.workers.get(name);
                    if (worker != null && !worker.isAlive() && this.supervising && !this.closed) {
                        this.faulted.add(worker.incarnation());
                        start(name);
                    }
                }
                WorkerProcess.sleep(Duration.ofMillis(200));
            }
        });
    }

    /// Stops restarting dead workers.
    public void stopSupervising() throws InterruptedException {
        this.supervising = false;
        if (this.supervisor != null) {
            this.supervisor.join();
        }
    }

    /// Every incarnation that was faulted or died so far.
    public Set<String> faulted() {
        Set<String> dead = ConcurrentHashMap.newKeySet();
        dead.addAll(this.faulted);
        for (WorkerProcess worker : this.all) {
            if (!worker.isAlive()) {
                dead.add(worker.incarnation());
            }
        }
        return Set.copyOf(dead);
    }

    /// How many processes were started in all.
    public int started() {
        return this.all.size();
    }

    /// The output of every incarnation, for a failure message.
    public String outputs() {
        StringBuilder text = new StringBuilder();
        for (WorkerProcess worker : this.all) {
            String output = worker.output();
            List<String> lines = new ArrayList<>(List.of(output.split("\n")));
            List<String> tail = lines.subList(Math.max(0, lines.size() - 40), lines.size());
            text.append("--- ").append(worker.incarnation()).append(" (last ").append(tail.size()).append(" lines)\n")
                    .append(String.join("\n", tail)).append('\n');
        }
        return text.toString();
    }

    @Override
    public void close() throws InterruptedException {
        this.closed = true;
        stopSupervising();
        for (WorkerProcess worker : this.all) {
            if (worker.isAlive()) {
                worker.resume();
                worker.kill();
            }
        }
    }
}
