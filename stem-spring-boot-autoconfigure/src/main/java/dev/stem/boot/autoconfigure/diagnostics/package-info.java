/// Startup diagnostics: the exceptions Stem's auto-configuration fails with when it is
/// misconfigured, and the `FailureAnalyzer`s that explain them and say what to change.
@NullMarked
package dev.stem.boot.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
