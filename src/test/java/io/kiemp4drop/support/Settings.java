package io.kiemp4drop.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Settings ({@code key=value}) a {@link BundleRouteTest} class or test method adds on top of the test defaults;
 * a method's win over its class's. Values may use placeholders ({@code {{kie.api.base-url}}/hook}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Settings {
    String[] value();
}
