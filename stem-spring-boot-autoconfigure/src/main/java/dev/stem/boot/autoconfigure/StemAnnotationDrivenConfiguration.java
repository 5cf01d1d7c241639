package dev.stem.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Configuration;

import dev.stem.annotation.EnableStem;
import dev.stem.annotation.StemAnnotationConfiguration;

/// Switches on `@StemTask` discovery unless the application already did with [EnableStem].
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(name = StemAnnotationConfiguration.PROCESSOR_BEAN_NAME)
@EnableStem
class StemAnnotationDrivenConfiguration {
}
