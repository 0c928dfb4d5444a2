package io.kiemp4drop.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A repository test run twice, once on a fresh migrated H2 store and once on a fresh migrated PostgreSQL
 * database; the test takes the {@link StoreFixture}, which is closed after each run.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("io.kiemp4drop.store.StoreFixture#bothDialects")
@interface BothDialects {
}
