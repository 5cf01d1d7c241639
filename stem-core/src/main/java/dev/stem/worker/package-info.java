/// worker
@NullMarked
package dev.stem.worker;

import org.jspecify.annotations.NullMarked;
