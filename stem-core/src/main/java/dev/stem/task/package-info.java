/// task
@NullMarked
package dev.stem.task;

import org.jspecify.annotations.NullMarked;
