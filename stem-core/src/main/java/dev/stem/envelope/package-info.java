/// The task message (envelope), its JSON wire format v1 and the naming rules.
@NullMarked
package dev.stem.envelope;

import org.jspecify.annotations.NullMarked;
