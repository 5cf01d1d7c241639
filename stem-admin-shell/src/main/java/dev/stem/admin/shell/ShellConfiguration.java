package dev.stem.admin.shell;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;

import dev.stem.control.ControlClient;
import dev.stem.control.EventBus;
import dev.stem.control.WorkerRegistry;
import dev.stem.worker.WorkerIds;

/// The shell's own beans beside Stem's: the control plane's client and the command-line parser.
@Configuration(proxyBeanMethods = false)
class ShellConfiguration {

    /// Sends control commands as `shell-<host>-<pid>-<random>`.
    @Bean
    ControlClient stemControlClient(@Lazy EventBus events, @Lazy WorkerRegistry workers) {
        return new ControlClient(events, workers, Clock.systemUTC(), "shell-" + WorkerIds.next());
    }

    /// Replaces Spring Shell's parser, for the interactive shell and one-shot commands alike.
    @Bean
    CommandParser stemCommandParser(CommandRegistry registry) {
        return new StemCommandParser(registry);
    }
}
