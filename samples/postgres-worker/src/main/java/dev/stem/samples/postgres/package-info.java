/// The PostgreSQL sample: orders placed with their confirmation jobs in one transaction, and a
/// worker that runs the jobs; broker and results on PostgreSQL only.
@NullMarked
package dev.stem.samples.postgres;

import org.jspecify.annotations.NullMarked;
