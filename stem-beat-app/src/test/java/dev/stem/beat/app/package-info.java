/// Smoke tests of the standalone beat app.
@NullMarked
package dev.stem.beat.app;

import org.jspecify.annotations.NullMarked;
