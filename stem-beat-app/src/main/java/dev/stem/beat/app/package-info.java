/// The standalone Stem beat scheduler: a Spring Boot application that enqueues scheduled tasks and runs none.
@NullMarked
package dev.stem.beat.app;

import org.jspecify.annotations.NullMarked;
