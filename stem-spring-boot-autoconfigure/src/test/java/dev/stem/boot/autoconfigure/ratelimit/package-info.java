@NullMarked
package dev.stem.boot.autoconfigure.ratelimit;

import org.jspecify.annotations.NullMarked;
