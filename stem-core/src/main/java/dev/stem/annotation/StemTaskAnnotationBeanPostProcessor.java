package dev.stem.annotation;

import java.lang.reflect.Method;
import java.util.List;
import java.util.function.UnaryOperator;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;

import tools.jackson.databind.json.JsonMapper;

import dev.stem.envelope.Names;
import dev.stem.task.MethodTaskHandler;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskRegistry;

/// Finds [StemTask] methods on beans (behind proxies too) and, once every singleton exists,
/// registers them in the context's [TaskRegistry]. Invalid names and options fail the context start.
public class StemTaskAnnotationBeanPostProcessor extends AnnotatedMethodsPostProcessor<StemTask> {

    public StemTaskAnnotationBeanPostProcessor() {
        super(StemTask.class);
    }

    @Override
    protected void register(BeanFactory beanFactory, List<Found<StemTask>> methods) {
        TaskRegistry registry = beanFactory.getBean(TaskRegistry.class);
        JsonMapper mapper = beanFactory.getBeanProvider(JsonMapper.class).getIfUnique(() -> JsonMapper.builder().build());
        for (Found<StemTask> found : methods) {
            registry.register(new FoundTask(found.bean(), found.beanName(), found.method(), found.annotation())
                    .toDefinition(this::resolve, mapper));
        }
    }

    /// A `@StemTask` method found on a bean, not yet registered.
    private record FoundTask(Object bean, String beanName, Method method, StemTask annotation) {

        TaskDefinition toDefinition(UnaryOperator<String> resolver, JsonMapper mapper) {
            String name = resolver.apply(TaskNames.of(this.method, this.annotation));
            if (!Names.isValidTaskName(name)) {
                throw new IllegalStateException("@StemTask on " + this.method + " (bean '" + this.beanName
                        + "') has an invalid name '" + name
                        + "': task names are 1-200 characters of A-Z a-z 0-9 . _ : - starting with a letter or digit");
            }
            Method invocable = AopUtils.selectInvocableMethod(this.method, this.bean.getClass());
            return new TaskDefinition(name, AnnotatedTaskOptions.of(name, this.annotation, resolver),
                    new MethodTaskHandler(name, this.bean, invocable, this.method, mapper));
        }
    }
}
