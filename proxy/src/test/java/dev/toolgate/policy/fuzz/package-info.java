/**
 * Fuzzing of the policy language's front end (docs/fuzzing.md): documents in, a compiled policy or every error out,
 * nothing else thrown, a loaded policy written back by {@code PolicyWriter} reads as the same policy, and documents made
 * to exhaust the readers (YAML alias bombs, deep nesting) are refused, not followed.
 */
package dev.toolgate.policy.fuzz;
