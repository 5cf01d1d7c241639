package com.example.tasks;

import dev.stem.annotation.StemTask;

/// A task of the stand-in library.
public class InvoiceTasks {

    /// Totals an invoice.
    @StemTask(name = "invoice.total")
    public int total(int net, int tax) {
        return net + tax;
    }
}
