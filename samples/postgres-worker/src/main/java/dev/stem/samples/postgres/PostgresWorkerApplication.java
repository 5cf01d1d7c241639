package dev.stem.samples.postgres;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/// A producer and a worker on one PostgreSQL database, picked by Spring profile: `producer` places
/// orders, enqueueing each confirmation job in the order's own transaction, and exits; `worker`
/// runs the jobs until it is stopped.
@SpringBootApplication
public class PostgresWorkerApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(PostgresWorkerApplication.class, args);
        if (context.getEnvironment().matchesProfiles("producer")) {
            System.exit(SpringApplication.exit(context));
        }
    }
}
