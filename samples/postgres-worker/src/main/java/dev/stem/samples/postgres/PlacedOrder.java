package dev.stem.samples.postgres;

import dev.stem.client.TaskHandle;

/// An order that was committed, with the handle of its confirmation job.
///
/// @param id the order's id in `sample_orders`
/// @param confirmation the confirmation job, committed in the same transaction as the order
public record PlacedOrder(long id, TaskHandle<String> confirmation) {
}
