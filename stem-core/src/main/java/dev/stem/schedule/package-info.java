/// schedule
@NullMarked
package dev.stem.schedule;

import org.jspecify.annotations.NullMarked;
