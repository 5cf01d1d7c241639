/// The worker runtime: fetch, run under limits, settle, keep leases, heartbeat, drain.
@NullMarked
package dev.stem.worker;

import org.jspecify.annotations.NullMarked;
