/// Auto-configuration of Stem's Redis stores (`stem-redis`): which connection factories they use
/// (Stem's own from a `redis://` URL, or the application's), the startup server check and the
/// store beans.
@NullMarked
package dev.stem.boot.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
