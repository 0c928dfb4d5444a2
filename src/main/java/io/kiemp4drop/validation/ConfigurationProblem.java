package io.kiemp4drop.validation;

/** The configuration cannot work; the message says what to change. The process exits with code 2. */
public class ConfigurationProblem extends RuntimeException {

    public ConfigurationProblem(String message) {
        super(message);
    }
}
