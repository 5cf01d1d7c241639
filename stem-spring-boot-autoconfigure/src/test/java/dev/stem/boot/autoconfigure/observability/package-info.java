/// Tests of the observability auto-configuration.
@NullMarked
package dev.stem.boot.autoconfigure.observability;

import org.jspecify.annotations.NullMarked;
