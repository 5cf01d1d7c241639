/// Tasks: registry, handlers, the running task's context, options and argument binding.
@NullMarked
package dev.stem.task;

import org.jspecify.annotations.NullMarked;
