package dev.stem.admin.shell;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.shell.core.ShellRunner;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;

/// The admin shell. `java -jar stem-admin-shell.jar queues --stem.broker.url=redis://...` runs
/// `queues` once and exits with its status; with no command it runs interactively. Spring Boot
/// settings (`--stem.*=...`, `-D...`, `STEM_...`) never count as part of the command. It connects
/// to the stores configured under `stem.*` and runs no worker.
@SpringBootApplication
public class StemAdminShellApplication {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(StemAdminShellApplication.class, args)));
    }

    /// Replaces Spring Shell's `springShellApplicationRunner` (which backs off for any `ApplicationRunner`).
    @Bean
    StemShellRunner stemShellRunner(CommandParser parser, CommandRegistry registry, ShellRunner shellRunner) {
        return new StemShellRunner(parser, registry, shellRunner, System.out, System.err);
    }
}
