/// Named crash points in the engine for fault-injection tests, inert unless the `stem.failpoints`
/// system property arms them.
@NullMarked
package dev.stem.failpoint;

import org.jspecify.annotations.NullMarked;
