package dev.stem.samples.redis;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/// A producer and a worker on one Redis server, picked by Spring profile: `producer` enqueues
/// thumbnail jobs and exits; `worker` runs them until it is stopped.
@SpringBootApplication
public class RedisWorkerApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(RedisWorkerApplication.class, args);
        if (context.getEnvironment().matchesProfiles("producer")) {
            System.exit(SpringApplication.exit(context));
        }
    }
}
