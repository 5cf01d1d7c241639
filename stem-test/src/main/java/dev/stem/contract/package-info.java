/// The adapter contract test kit: one abstract JUnit class per Stem contract. An adapter is done
/// when a subclass of each class it implements is green against a real server. Every test uses
/// fresh random names and never assumes the store is empty, so the subject may be shared.
@NullMarked
package dev.stem.contract;

import org.jspecify.annotations.NullMarked;
