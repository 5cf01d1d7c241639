package dev.stem.beat.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/// The standalone beat scheduler: runs beat (`stem.beat.enabled=true`) and no worker
/// (`stem.worker.enabled=false`), needs no task code, and stays up until stopped. Any number of
/// instances may run against the same store: each tick is published once.
@SpringBootApplication
public class StemBeatApplication {

    public static void main(String[] args) {
        SpringApplication.run(StemBeatApplication.class, args);
    }
}
