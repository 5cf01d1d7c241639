/// client
@NullMarked
package dev.stem.client;

import org.jspecify.annotations.NullMarked;
