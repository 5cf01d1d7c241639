/// Bean Validation constraints for the `stem.*` properties: Boot checks them when it binds the
/// properties, so a value out of range fails the start with a report naming the key, the value and
/// the allowed range.
@NullMarked
package dev.stem.boot.autoconfigure.validation;

import org.jspecify.annotations.NullMarked;
