package dev.stem.samples.quickstart;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/// The quickstart: enqueues a small demo workload, runs it on an in-process worker on the in-memory
/// default (no server needed), prints the results and exits.
@SpringBootApplication
public class QuickstartApplication {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(QuickstartApplication.class, args)));
    }
}
