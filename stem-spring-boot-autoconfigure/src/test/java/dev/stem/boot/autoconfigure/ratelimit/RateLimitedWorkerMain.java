package dev.stem.boot.autoconfigure.ratelimit;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import dev.stem.annotation.StemTask;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.redis.StemRedisAutoConfiguration;

/// A worker process for [CrossProcessRateLimitTests]: runs `rl.limited` (20 starts a second across
/// every worker) and `rl.unlimited`, each returning `<pid>:<start time in ms>`. Arguments are
/// Spring Boot properties (`--stem.broker.url=...`). Runs until killed.
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ JacksonAutoConfiguration.class, StemRedisAutoConfiguration.class,
        StemAutoConfiguration.class })
public class RateLimitedWorkerMain {

    public static void main(String[] args) {
        new SpringApplicationBuilder(RateLimitedWorkerMain.class).web(WebApplicationType.NONE).run(args);
        System.out.println("RATE-LIMITED WORKER READY");
    }

    @StemTask(name = "rl.limited", rateLimit = "20/s", maxRetries = 0)
    public String limited(int n) {
        return ProcessHandle.current().pid() + ":" + System.currentTimeMillis();
    }

    @StemTask(name = "rl.unlimited", maxRetries = 0)
    public String unlimited(int n) {
        return ProcessHandle.current().pid() + ":" + System.currentTimeMillis();
    }
}
