package dev.stem.worker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/// Remembers what settling reported, for assertions.
final class RecordingSettleEvents implements SettleEvents {

    final AtomicInteger refused = new AtomicInteger();

    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Override
    public void refused(int count) {
        this.refused.addAndGet(count);
    }

    @Override
    public void failed(String what, Throwable error) {
        this.failures.add(error);
    }
}
