/// Smoke test of the quickstart sample.
@NullMarked
package dev.stem.samples.quickstart;

import org.jspecify.annotations.NullMarked;
