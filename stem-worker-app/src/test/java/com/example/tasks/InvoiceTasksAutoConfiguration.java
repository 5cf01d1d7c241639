package com.example.tasks;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/// How a task library registers its task beans in the worker app.
@AutoConfiguration
public class InvoiceTasksAutoConfiguration {

    @Bean
    InvoiceTasks invoiceTasks() {
        return new InvoiceTasks();
    }
}
