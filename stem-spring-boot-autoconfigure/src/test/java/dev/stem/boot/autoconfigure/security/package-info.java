@NullMarked
package dev.stem.boot.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
