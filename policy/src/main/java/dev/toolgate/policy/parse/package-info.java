/**
 * Reads a document tree (PolicyLayer policy.json, Intercept policy.yaml, or a mix) into the model, desugaring
 * the short forms and collecting every error with its path and a suggestion. Depends on the model.
 */
package dev.toolgate.policy.parse;
