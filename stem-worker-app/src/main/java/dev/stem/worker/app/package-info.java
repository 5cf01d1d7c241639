/// The standalone Stem worker: a Spring Boot application that only consumes queues and runs tasks.
@NullMarked
package dev.stem.worker.app;

import org.jspecify.annotations.NullMarked;
