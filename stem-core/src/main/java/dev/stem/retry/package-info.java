/// retry
@NullMarked
package dev.stem.retry;

import org.jspecify.annotations.NullMarked;
