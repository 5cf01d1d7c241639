/// Smoke tests of the standalone worker app.
@NullMarked
package dev.stem.worker.app;

import org.jspecify.annotations.NullMarked;
