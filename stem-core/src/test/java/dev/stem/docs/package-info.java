/// Tests that keep the guides in docs/ true to the code.
@NullMarked
package dev.stem.docs;

import org.jspecify.annotations.NullMarked;
