/// The schedule store contract for periodic tasks.
@NullMarked
package dev.stem.schedule;

import org.jspecify.annotations.NullMarked;
