/// Tests of the Stem auto-configuration, one scenario each, on `ApplicationContextRunner` and the
/// in-memory stores (no server needed).
@NullMarked
package dev.stem.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
