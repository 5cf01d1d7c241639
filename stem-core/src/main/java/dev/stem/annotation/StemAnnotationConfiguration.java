package dev.stem.annotation;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/// Registers the [StemTaskAnnotationBeanPostProcessor] under its well-known name.
@Configuration(proxyBeanMethods = false)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public class StemAnnotationConfiguration {

    /// Bean name of the post-processor; define a bean with this name to replace it.
    public static final String PROCESSOR_BEAN_NAME = "dev.stem.annotation.internalStemTaskProcessor";

    @Bean(name = PROCESSOR_BEAN_NAME)
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static StemTaskAnnotationBeanPostProcessor stemTaskAnnotationBeanPostProcessor() {
        return new StemTaskAnnotationBeanPostProcessor();
    }
}
