/// The benchmark harness: command line, figures and their JSON lines, time limits.
@NullMarked
package dev.stem.bench;

import org.jspecify.annotations.NullMarked;
