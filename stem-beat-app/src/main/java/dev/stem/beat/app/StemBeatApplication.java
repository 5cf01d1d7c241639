package dev.stem.beat.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/// The standalone beat scheduler. It needs no task code and runs no worker
/// (`stem.worker.enabled=false`); it stays up until stopped.
@SpringBootApplication
public class StemBeatApplication {

    public static void main(String[] args) {
        SpringApplication.run(StemBeatApplication.class, args);
    }
}
