package com.example.operations;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/// Registers the library's task bean in the worker that loads the jar.
@AutoConfiguration
public class OperationsTasksAutoConfiguration {

    @Bean
    OperationsTasks operationsTasks() {
        return new OperationsTasks();
    }
}
