package com.example.invoices;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/// Registers the library's task bean in the worker that loads the jar.
@AutoConfiguration
public class InvoiceTasksAutoConfiguration {

    @Bean
    InvoiceTasks invoiceTasks() {
        return new InvoiceTasks();
    }
}
