package dev.stem.http;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.stem.annotation.StemTask;

/// The application the API tests serve: Stem on in-memory stores (unless told otherwise), a worker,
/// and three tasks.
@SpringBootApplication
class HttpApiTestApp {

    @org.springframework.context.annotation.Bean
    Tasks tasks() {
        return new Tasks();
    }

    /// The tasks the tests enqueue.
    static class Tasks {

        @StemTask(name = "test.add")
        public int add(int a, int b) {
            return a + b;
        }

        @StemTask(name = "test.fail", maxRetries = 0)
        public void fail() {
            throw new IllegalStateException("failing on purpose");
        }
    }
}
