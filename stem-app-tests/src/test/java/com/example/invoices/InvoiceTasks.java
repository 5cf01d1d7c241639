package com.example.invoices;

import dev.stem.annotation.StemTask;

/// The task the worker jar runs from its loader path.
public class InvoiceTasks {

    /// Totals an invoice.
    @StemTask(name = "invoice.total")
    public int total(int net, int tax) {
        return net + tax;
    }
}
