/// Tests of Stem's startup diagnostics.
@NullMarked
package dev.stem.boot.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
