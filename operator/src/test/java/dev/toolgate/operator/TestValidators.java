package dev.toolgate.operator;

import dev.toolgate.operator.policy.LanguagePolicyValidator;
import dev.toolgate.operator.policy.PolicyValidator;

/** The validator the operator tests run with: the real policy language. */
public final class TestValidators {
    private TestValidators() {
    }

    public static PolicyValidator current() {
        return new LanguagePolicyValidator();
    }
}
