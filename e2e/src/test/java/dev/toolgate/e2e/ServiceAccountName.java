package dev.toolgate.e2e;

import java.util.List;

/** A ServiceAccount as the API server authenticates it: the user name and groups its token would carry. */
public record ServiceAccountName(String namespace, String name) {
    public String username() {
        return "system:serviceaccount:" + namespace + ":" + name;
    }

    public List<String> groups() {
        return List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    }

    List<String> impersonationFlags() {
        List<String> flags = new java.util.ArrayList<>(List.of("--as=" + username()));
        groups().forEach(group -> flags.add("--as-group=" + group));
        return flags;
    }
}
