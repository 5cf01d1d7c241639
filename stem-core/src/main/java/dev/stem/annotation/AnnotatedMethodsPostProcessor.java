package dev.stem.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

/// Finds the methods annotated with `A` on beans (behind proxies too, each bean class looked at
/// once) and hands them over, once every singleton exists, to [#register]; `${...}` placeholders
/// in annotation attributes resolve through [#resolve].
///
/// @param <A> the method annotation looked for
public abstract class AnnotatedMethodsPostProcessor<A extends Annotation> implements BeanPostProcessor,
        BeanFactoryAware, SmartInitializingSingleton {

    private final Class<A> annotationType;

    private final Set<Class<?>> classesWithout = ConcurrentHashMap.newKeySet();

    private final List<Found<A>> found = new ArrayList<>();

    private @Nullable BeanFactory beanFactory;

    private @Nullable StringValueResolver resolver;

    /// A processor looking for `annotationType`.
    protected AnnotatedMethodsPostProcessor(Class<A> annotationType) {
        this.annotationType = annotationType;
    }

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
        if (this.classesWithout.contains(targetClass)) {
            return bean;
        }
        Map<Method, A> methods = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<A>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, this.annotationType));
        if (methods.isEmpty()) {
            this.classesWithout.add(targetClass);
            return bean;
        }
        synchronized (this.found) {
            methods.forEach((method, annotation) -> this.found.add(new Found<>(bean, beanName, method, annotation)));
        }
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (this.beanFactory == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " needs a BeanFactory");
        }
        synchronized (this.found) {
            register(this.beanFactory, List.copyOf(this.found));
            this.found.clear();
        }
    }

    /// Registers the methods found, in the order found, with what `beanFactory` holds.
    protected abstract void register(BeanFactory beanFactory, List<Found<A>> methods);

    /// `value` with its placeholders resolved; an empty string for `null`.
    protected String resolve(String value) {
        String resolved = this.resolver != null ? this.resolver.resolveStringValue(value) : value;
        return resolved != null ? resolved : "";
    }

    /// An annotated method found on a bean.
    ///
    /// @param bean the bean (a proxy, where there is one)
    /// @param beanName its name
    /// @param method the annotated method of its target class
    /// @param annotation the merged annotation
    /// @param <A> the annotation type
    protected record Found<A extends Annotation>(Object bean, String beanName, Method method, A annotation) {
    }
}
