/// middleware
@NullMarked
package dev.stem.middleware;

import org.jspecify.annotations.NullMarked;
