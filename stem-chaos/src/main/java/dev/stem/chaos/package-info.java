/// The chaos suite's harness: worker processes that keep a ledger outside the store under test,
/// the faults it injects into them and into Redis and PostgreSQL, and the check that nothing was
/// lost and every duplicate run was held by a faulted worker.
@NullMarked
package dev.stem.chaos;

import org.jspecify.annotations.NullMarked;
