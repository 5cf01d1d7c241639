/// Auto-configuration of message signing and encryption (`stem.security.*`).
@NullMarked
package dev.stem.boot.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
