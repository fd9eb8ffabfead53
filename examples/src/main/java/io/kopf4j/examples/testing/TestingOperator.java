package io.kopf4j.examples.testing;

import io.kopf4j.On;
import org.slf4j.Logger;

/**
 * Kopf's example 09: an operator and its test. The operator is trivial; the point is its test,
 * {@code TestingOperatorTest} in {@code src/test/java}, which runs it with {@code OperatorRunner} against an
 * embedded API server given by the JUnit extension {@code @WithEmbeddedApiServer}.
 */
public class TestingOperator {

    @On.Create("kopfexamples")
    void createFn(Logger logger) {
        logger.info("Something was logged here.");
    }
}
