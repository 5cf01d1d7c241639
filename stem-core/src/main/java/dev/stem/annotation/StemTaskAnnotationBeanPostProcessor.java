package dev.stem.annotation;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringValueResolver;

import tools.jackson.databind.json.JsonMapper;

import dev.stem.envelope.Names;
import dev.stem.task.MethodTaskHandler;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskRegistry;

/// Finds [StemTask] methods on beans (behind proxies too) and, once every singleton exists,
/// registers them in the context's [TaskRegistry]. Invalid names and options fail the context start.
public class StemTaskAnnotationBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware,
        SmartInitializingSingleton {

    private final Set<Class<?>> classesWithoutTasks = ConcurrentHashMap.newKeySet();

    private final List<FoundTask> found = new ArrayList<>();

    private @Nullable BeanFactory beanFactory;

    private @Nullable StringValueResolver resolver;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        if (beanFactory instanceof ConfigurableBeanFactory configurable) {
            this.resolver = configurable::resolveEmbeddedValue;
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (this.classesWithoutTasks.contains(targetClass)) {
            return bean;
        }
        Map<Method, StemTask> tasks = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<StemTask>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, StemTask.class));
        if (tasks.isEmpty()) {
            this.classesWithoutTasks.add(targetClass);
            return bean;
        }
        synchronized (this.found) {
            tasks.forEach((method, annotation) -> this.found.add(new FoundTask(bean, beanName, method, annotation)));
        }
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (this.beanFactory == null) {
            throw new IllegalStateException("StemTaskAnnotationBeanPostProcessor needs a BeanFactory");
        }
        TaskRegistry registry = this.beanFactory.getBean(TaskRegistry.class);
        JsonMapper mapper = this.beanFactory.getBeanProvider(JsonMapper.class).getIfUnique(() -> JsonMapper.builder().build());
        synchronized (this.found) {
            for (FoundTask task : this.found) {
                registry.register(task.toDefinition(this::resolve, mapper));
            }
            this.found.clear();
        }
    }

    private String resolve(String value) {
        String resolved = this.resolver != null ? this.resolver.resolveStringValue(value) : value;
        return resolved != null ? resolved : "";
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
