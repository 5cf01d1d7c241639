package dev.stem.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/// A UTC clock that stands still until a test sets or moves it, forward or back.
final class TestClock extends Clock {

    private volatile Instant now;

    TestClock(String start) {
        this.now = Instant.parse(start);
    }

    void advance(Duration duration) {
        this.now = this.now.plus(duration);
    }

    void set(Instant instant) {
        this.now = instant;
    }

    @Override
    public Instant instant() {
        return this.now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("TestClock is UTC only");
    }
}
