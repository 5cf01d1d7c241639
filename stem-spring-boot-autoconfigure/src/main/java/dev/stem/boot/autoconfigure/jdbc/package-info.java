/// Auto-configuration of Stem's PostgreSQL stores (`stem-jdbc`): which `DataSource` they use, the
/// schema initialization, the shared `LISTEN` connection and the store beans.
@NullMarked
package dev.stem.boot.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
