package dev.stem.admin.shell;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/// The admin shell: interactive by default; `java -Dspring.shell.interactive.enabled=false -jar
/// stem-admin-shell.jar <command>` runs one command and exits, for scripts (the property must not be
/// a `--` argument there, since every program argument is read as the command). It connects to the
/// broker configured under `stem.*` and runs no worker.
@SpringBootApplication
public class StemAdminShellApplication {

    public static void main(String[] args) {
        SpringApplication.run(StemAdminShellApplication.class, args);
    }
}
