package dev.stem.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.stem.backend.GroupProgress;
import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;

/// A [ResultBackend] in this JVM's memory.
///
/// - `store` applies when no live record exists or [TaskResult#replaces] allows it.
/// - Records and groups expire after their time to live by the given clock.
/// - `await` sleeps on a condition signalled by every `store`; it never polls.
/// - Group members are counted as sets (finished, and failed among them); `initGroup` on a live
///   group changes its size and time to live but keeps the members already counted.
/// - `claimGroupCallback` is `true` once per live group and `false` for an unknown or expired one.
///
/// Thread-safe.
public final class InMemoryResultBackend implements ResultBackend {

    private final Clock clock;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition stored = this.lock.newCondition();

    private final ExpiringMap<String, TaskResult> results = new ExpiringMap<>();

    private final ExpiringMap<String, Group> groups = new ExpiringMap<>();

    /// A backend on the system UTC clock.
    public InMemoryResultBackend() {
        this(Clock.systemUTC());
    }

    /// A backend that reads time from `clock`.
    public InMemoryResultBackend(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean store(TaskResult result, Duration ttl) {
        Checks.requirePositive("ttl", ttl);
        this.lock.lock();
        try {
            Instant now = this.clock.instant();
            TaskResult current = this.results.get(result.taskId(), now);
            if (current != null && !result.replaces(current)) {
                return false;
            }
            this.results.put(result.taskId(), result, now.plus(ttl), now);
            this.stored.signalAll();
            return true;
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public Optional<TaskResult> get(String taskId) {
        this.lock.lock();
        try {
            return Optional.ofNullable(this.results.get(taskId, this.clock.instant()));
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public Optional<TaskResult> await(String taskId, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        this.lock.lock();
        try {
            while (true) {
                TaskResult current = this.results.get(taskId, this.clock.instant());
                if ((current != null && current.state().isTerminal()) || remaining <= 0) {
                    return Optional.ofNullable(current);
                }
                remaining = this.stored.awaitNanos(remaining);
            }
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public void forget(String taskId) {
        this.lock.lock();
        try {
            this.results.remove(taskId, this.clock.instant());
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public void initGroup(String groupId, int size, Duration ttl) {
        Checks.requireNotNegative("size", size);
        Checks.requirePositive("ttl", ttl);
        this.lock.lock();
        try {
            Instant now = this.clock.instant();
            Group current = this.groups.get(groupId, now);
            Group group = (current != null) ? current.resized(size) : new Group(size);
            this.groups.put(groupId, group, now.plus(ttl), now);
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public Optional<GroupProgress> completeGroupMember(String groupId, String taskId, boolean failed) {
        this.lock.lock();
        try {
            Group group = this.groups.get(groupId, this.clock.instant());
            if (group == null) {
                return Optional.empty();
            }
            group.complete(taskId, failed);
            return Optional.of(group.progress(groupId));
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public Optional<GroupProgress> groupProgress(String groupId) {
        this.lock.lock();
        try {
            Group group = this.groups.get(groupId, this.clock.instant());
            return Optional.ofNullable(group).map((found) -> found.progress(groupId));
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public boolean claimGroupCallback(String groupId) {
        this.lock.lock();
        try {
            Group group = this.groups.get(groupId, this.clock.instant());
            return group != null && group.claim();
        }
        finally {
            this.lock.unlock();
        }
    }

    /// Counters of one group; guarded by the backend's lock.
    private static final class Group {

        private final int size;

        private final Set<String> finished;

        private final Set<String> failed;

        private boolean claimed;

        Group(int size) {
            this(size, new HashSet<>(), new HashSet<>(), false);
        }

        private Group(int size, Set<String> finished, Set<String> failed, boolean claimed) {
            this.size = size;
            this.finished = finished;
            this.failed = failed;
            this.claimed = claimed;
        }

        Group resized(int newSize) {
            return new Group(newSize, this.finished, this.failed, this.claimed);
        }

        void complete(String taskId, boolean hasFailed) {
            this.finished.add(taskId);
            if (hasFailed) {
                this.failed.add(taskId);
            }
        }

        boolean claim() {
            boolean first = !this.claimed;
            this.claimed = true;
            return first;
        }

        GroupProgress progress(String groupId) {
            return new GroupProgress(groupId, this.size, this.finished.size(), this.failed.size());
        }
    }
}
