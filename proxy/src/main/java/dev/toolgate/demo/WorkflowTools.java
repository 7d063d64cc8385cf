package dev.toolgate.demo;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Conductor-like tools over a {@link WorkflowStore}: what an agent would drive a workflow engine with. */
final class WorkflowTools {
    private static final String ID_SCHEMA = """
            {"type":"object","properties":{"workflowId":{"type":"string","description":"id returned by run_workflow"}},
             "required":["workflowId"]}""";

    private final WorkflowStore store;
    private final McpJsonMapper json;

    WorkflowTools(WorkflowStore store, McpJsonMapper json) {
        this.store = store;
        this.json = json;
    }

    List<DemoTool> all() {
        return List.of(
                tool("run_workflow", "Start a workflow by name with an optional input.", """
                        {"type":"object","properties":{
                          "name":{"type":"string","description":"workflow definition name"},
                          "input":{"type":"object","description":"workflow input"},
                          "priority":{"type":"integer","minimum":0,"maximum":99}},
                         "required":["name"]}""", this::run),
                tool("list_workflows", "List workflows and their status.", """
                        {"type":"object","properties":{"status":{"type":"string","enum":["RUNNING","PAUSED","COMPLETED","CANCELLED"]}}}""",
                        this::list),
                tool("get_workflow_status", "Get the status of one workflow.", ID_SCHEMA,
                        args -> withWorkflow(args, w -> store.get(w.id()))),
                tool("pause_workflow", "Pause a running workflow.", ID_SCHEMA,
                        args -> withWorkflow(args, w -> store.transition(w.id(), WorkflowStore.Status.PAUSED))),
                tool("resume_workflow", "Resume a paused workflow.", ID_SCHEMA,
                        args -> withWorkflow(args, w -> store.transition(w.id(), WorkflowStore.Status.RUNNING))),
                tool("cancel_workflow", "Cancel a workflow; it stays listed as CANCELLED.", ID_SCHEMA,
                        args -> withWorkflow(args, w -> store.transition(w.id(), WorkflowStore.Status.CANCELLED))),
                tool("delete_workflow", "Delete a workflow and its history for good.", ID_SCHEMA,
                        args -> withWorkflow(args, w -> store.delete(w.id()))),
                tool("terminate_all_workflows", "Cancel every workflow at once (maintenance).", """
                        {"type":"object","properties":{}}""", this::terminateAll));
    }

    private DemoTool tool(String name, String description, String schema,
                          Function<Map<String, Object>, CallToolResult> handler) {
        McpSchema.Tool definition = McpSchema.Tool.builder()
                .name(name)
                .description(description)
                .inputSchema(json, schema)
                .build();
        return new DemoTool(definition, handler);
    }

    private CallToolResult run(Map<String, Object> args) {
        Object name = args.get("name");
        if (!(name instanceof String workflowName) || workflowName.isBlank()) {
            return error("run_workflow needs a workflow name in \"name\"");
        }
        String input = String.valueOf(args.getOrDefault("input", Map.of()));
        WorkflowStore.Workflow workflow = store.start(workflowName, input);
        return ok(workflow);
    }

    private CallToolResult list(Map<String, Object> args) {
        Object status = args.get("status");
        List<WorkflowStore.Workflow> matching = store.all().stream()
                .filter(w -> status == null || w.status().name().equals(status))
                .sorted(Comparator.comparing(WorkflowStore.Workflow::startedAt))
                .toList();
        String text = matching.isEmpty() ? "no workflows"
                : matching.stream().map(WorkflowTools::describe).collect(Collectors.joining("\n"));
        return CallToolResult.builder().addTextContent(text).isError(false).build();
    }

    private CallToolResult terminateAll(Map<String, Object> args) {
        store.all().forEach(w -> store.transition(w.id(), WorkflowStore.Status.CANCELLED));
        return CallToolResult.builder().addTextContent("all workflows cancelled").isError(false).build();
    }

    /** Runs {@code action} on the workflow named by {@code workflowId}; a clear tool error when there is none. */
    private CallToolResult withWorkflow(Map<String, Object> args,
                                        Function<WorkflowStore.Workflow, Optional<WorkflowStore.Workflow>> action) {
        Object id = args.get("workflowId");
        if (!(id instanceof String workflowId)) {
            return error("missing \"workflowId\"");
        }
        return store.get(workflowId).flatMap(action).map(this::ok)
                .orElseGet(() -> error("no workflow " + workflowId));
    }

    private CallToolResult ok(WorkflowStore.Workflow workflow) {
        return CallToolResult.builder()
                .addTextContent(describe(workflow))
                .structuredContent(Map.of("workflowId", workflow.id(), "name", workflow.name(),
                        "status", workflow.status().name()))
                .isError(false)
                .build();
    }

    private static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    private static String describe(WorkflowStore.Workflow w) {
        return w.id() + " " + w.name() + " " + w.status();
    }
}
