/// Spring Boot auto-configuration of Stem: properties, store selection and the engine's beans.
@NullMarked
package dev.stem.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
