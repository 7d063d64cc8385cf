/**
 * The McpServer and ToolPolicy custom resources (spec and status classes) the CRDs in {@code crds/} are generated
 * from. Data only: fabric8 model and Jackson annotations, no logic.
 */
package dev.toolgate.operator.customresource;
