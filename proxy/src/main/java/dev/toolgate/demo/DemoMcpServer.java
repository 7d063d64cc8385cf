package dev.toolgate.demo;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * The bundled demo upstream: a real MCP server (MCP Java SDK on embedded Jetty) with Conductor-like workflow tools.
 * It serves the Streamable HTTP transport with sessions at {@value #MCP_PATH} and the SDK's stateless transport
 * (one JSON response per POST, no session) at {@value #STATELESS_PATH}; both share one workflow store.
 */
public final class DemoMcpServer implements AutoCloseable {
    public static final String MCP_PATH = "/mcp";
    public static final String STATELESS_PATH = "/stateless";

    private final Server jetty;
    private final McpSyncServer sessionServer;
    private final McpStatelessSyncServer statelessServer;

    private DemoMcpServer(Server jetty, McpSyncServer sessionServer, McpStatelessSyncServer statelessServer) {
        this.jetty = jetty;
        this.sessionServer = sessionServer;
        this.statelessServer = statelessServer;
    }

    /** Starts on 127.0.0.1 at {@code port} (0: an ephemeral port). */
    public static DemoMcpServer start(int port) throws Exception {
        return start(port, null);
    }

    /**
     * @param keepAlive when set, the server pings every session at this interval (which also makes it send the
     *                  response headers of a waiting GET stream); null: no pings
     */
    public static DemoMcpServer start(int port, java.time.Duration keepAlive) throws Exception {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        List<DemoTool> tools = new WorkflowTools(new WorkflowStore(Clock.systemUTC()), json).all();
        McpSchema.ServerCapabilities capabilities = McpSchema.ServerCapabilities.builder().tools(true).build();

        HttpServletStreamableServerTransportProvider.Builder sessionTransportBuilder = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint(MCP_PATH);
        if (keepAlive != null) {
            sessionTransportBuilder.keepAliveInterval(keepAlive);
        }
        HttpServletStreamableServerTransportProvider sessionTransport = sessionTransportBuilder.build();
        McpSyncServer sessionServer = McpServer.sync(sessionTransport)
                .serverInfo("toolgate-demo-conductor", "0.1.0")
                .capabilities(capabilities)
                .tools(tools.stream().map(DemoMcpServer::sessionTool).toList())
                .build();

        HttpServletStatelessServerTransport statelessTransport = HttpServletStatelessServerTransport.builder()
                .jsonMapper(json)
                .messageEndpoint(STATELESS_PATH)
                .build();
        McpStatelessSyncServer statelessServer = McpServer.sync(statelessTransport)
                .serverInfo("toolgate-demo-conductor", "0.1.0")
                .capabilities(capabilities)
                .tools(tools.stream().map(DemoMcpServer::statelessTool).toList())
                .build();

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(asyncHolder(sessionTransport), MCP_PATH);
        context.addServlet(asyncHolder(statelessTransport), STATELESS_PATH);
        jetty.setHandler(context);
        jetty.start();
        return new DemoMcpServer(jetty, sessionServer, statelessServer);
    }

    private static ServletHolder asyncHolder(jakarta.servlet.Servlet servlet) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        return holder;
    }

    private static McpServerFeatures.SyncToolSpecification sessionTool(DemoTool tool) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(tool.definition())
                .callHandler((exchange, request) -> tool.call(request))
                .build();
    }

    private static McpStatelessServerFeatures.SyncToolSpecification statelessTool(DemoTool tool) {
        return new McpStatelessServerFeatures.SyncToolSpecification(tool.definition(),
                (context, request) -> tool.call(request));
    }

    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /** The Streamable HTTP endpoint with sessions. */
    public URI mcpUri() {
        return URI.create("http://127.0.0.1:" + port() + MCP_PATH);
    }

    /** The stateless endpoint (JSON responses, no session). */
    public URI statelessUri() {
        return URI.create("http://127.0.0.1:" + port() + STATELESS_PATH);
    }

    @Override
    public void close() throws Exception {
        sessionServer.closeGracefully();
        statelessServer.closeGracefully();
        jetty.stop();
    }
}
