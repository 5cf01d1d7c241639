package dev.stem.boot.autoconfigure.diagnostics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/// Startup checks of Stem's configuration that are not about a single value: a warning for each
/// `stem.*` key that no property binds (see [UnknownStemPropertiesReporter]).
@AutoConfiguration
public final class StemConfigurationDiagnosticsAutoConfiguration {

    StemConfigurationDiagnosticsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    UnknownStemPropertiesReporter stemUnknownPropertiesReporter(ApplicationContext context) {
        ClassLoader classLoader = context.getClassLoader();
        return new UnknownStemPropertiesReporter(context.getEnvironment(),
                classLoader != null ? classLoader : UnknownStemPropertiesReporter.class.getClassLoader());
    }
}
