package io.q2o.llm.mcp;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * How to reach one MCP server and which of its tools to offer: a command the library starts and
 * stops (stdio) or a Streamable HTTP endpoint, a tool filter, a name prefix, timeouts and a
 * restart limit.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no environment values and no header
 * values (they may hold secrets).
 */
public final class McpServerSpec {
    /** Server names: a letter, then letters, digits, {@code _} or {@code -}; at most 32. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");
    /** Default {@link Builder#callTimeout}: 60 seconds. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
    /** Default {@link Builder#startTimeout}: 30 seconds. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@link Builder#maxRestarts}: 3. */
    public static final int DEFAULT_MAX_RESTARTS = 3;

    /** How the server is reached. */
    public enum Transport {
        /** a local process started by the library, JSON-RPC over its standard input and output */
        STDIO,
        /** an HTTP endpoint speaking MCP Streamable HTTP */
        STREAMABLE_HTTP
    }

    private final String name;
    private final Transport transport;
    private final String command;
    private final List<String> args;
    private final Map<String, String> env;
    private final URI url;
    private final Map<String, String> headers;
    private final Predicate<String> toolFilter;
    private final String prefix;
    private final Duration callTimeout;
    private final Duration startTimeout;
    private final int maxRestarts;

    private McpServerSpec(Builder b) {
        this.name = b.name;
        this.transport = b.transport;
        this.command = b.command;
        this.args = List.copyOf(b.args);
        this.env = Map.copyOf(b.env);
        this.url = b.url;
        this.headers = Map.copyOf(b.headers);
        this.toolFilter = b.toolFilter;
        this.prefix = b.prefix;
        this.callTimeout = b.callTimeout;
        this.startTimeout = b.startTimeout;
        this.maxRestarts = b.maxRestarts;
    }

    /**
     * A server the library starts as a process and talks to over its standard input and output.
     *
     * @param name    the server's name (see {@link #NAME}), used in logs, events and error messages
     * @param command the program, e.g. {@code "npx"} or {@code "node"} (looked up on the PATH)
     * @param args    its arguments
     * @return a builder
     * @throws IllegalArgumentException naming the server if the name or command is invalid
     */
    public static Builder stdio(String name, String command, String... args) {
        Builder b = new Builder(name, Transport.STDIO);
        Objects.requireNonNull(command, "command of MCP server '" + name + "'");
        if (command.isBlank()) {
            throw new IllegalArgumentException("MCP server '" + name + "': the command is blank");
        }
        b.command = command;
        for (String a : Objects.requireNonNull(args, "args")) {
            b.args.add(Objects.requireNonNull(a, "an argument of MCP server '" + name + "'"));
        }
        return b;
    }

    /**
     * A server reached over MCP Streamable HTTP.
     *
     * @param name the server's name (see {@link #NAME})
     * @param url  the MCP endpoint, e.g. {@code http://localhost:3001/mcp} ({@code http} or {@code https})
     * @return a builder
     * @throws IllegalArgumentException naming the server if the name or URL is invalid
     */
    public static Builder http(String name, String url) {
        Builder b = new Builder(name, Transport.STREAMABLE_HTTP);
        Objects.requireNonNull(url, "url of MCP server '" + name + "'");
        try {
            URI u = new URI(url);
            if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())
                    || u.getHost() == null) {
                throw new IllegalArgumentException("MCP server '" + name + "': the URL must be an http(s) URL "
                        + "with a host, was '" + url + "'");
            }
            b.url = u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("MCP server '" + name + "': invalid URL '" + url + "': "
                    + e.getMessage(), e);
        }
        return b;
    }

    /** @return the server's name */
    public String name() { return name; }

    /** @return how it is reached */
    public Transport transport() { return transport; }

    /** @return the command (stdio), {@code null} for HTTP */
    public String command() { return command; }

    /** @return the command's arguments (stdio), empty for HTTP */
    public List<String> args() { return args; }

    /** @return environment variables added to the process (stdio) */
    public Map<String, String> env() { return env; }

    /** @return the endpoint (HTTP), {@code null} for stdio */
    public URI url() { return url; }

    /** @return HTTP headers sent with every request (HTTP) */
    public Map<String, String> headers() { return headers; }

    /** @return which of the server's tool names (as the server names them) are offered */
    public Predicate<String> toolFilter() { return toolFilter; }

    /** @return the prefix put before every tool name of this server, empty by default */
    public String prefix() { return prefix; }

    /** @return the longest a tool call (or a tool listing) may take */
    public Duration callTimeout() { return callTimeout; }

    /** @return the longest starting and initializing the server may take */
    public Duration startTimeout() { return startTimeout; }

    /** @return how often a server that died is started again before it is dropped */
    public int maxRestarts() { return maxRestarts; }

    /** @return a summary without environment or header values */
    @Override
    public String toString() {
        String where = transport == Transport.STDIO
                ? "command=" + command + ", args=" + args + ", env=" + env.keySet()
                : "url=" + url + ", headers=" + headers.keySet();
        return "McpServerSpec{name=" + name + ", " + transport + ", " + where + ", prefix='" + prefix
                + "', callTimeout=" + callTimeout + ", maxRestarts=" + maxRestarts + "}";
    }

    /** Builder for {@link McpServerSpec}; validates eagerly. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final Transport transport;
        private String command;
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private URI url;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Predicate<String> toolFilter = t -> true;
        private String prefix = "";
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private int maxRestarts = DEFAULT_MAX_RESTARTS;

        private Builder(String name, Transport transport) {
            Objects.requireNonNull(name, "MCP server name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("MCP server name '" + name + "' is invalid: use a letter followed "
                        + "by letters, digits, '_' or '-', at most 32 characters");
            }
            this.name = name;
            this.transport = transport;
        }

        /**
         * @param variable an environment variable to set for the server process (stdio only)
         * @param value    its value (never logged)
         * @return this
         */
        public Builder env(String variable, String value) {
            requireTransport(Transport.STDIO, "env");
            Objects.requireNonNull(variable, "environment variable name");
            Objects.requireNonNull(value, "value of environment variable " + variable);
            if (variable.isBlank() || variable.indexOf('=') >= 0) {
                throw new IllegalArgumentException("MCP server '" + name + "': invalid environment variable name '"
                        + variable + "'");
            }
            env.put(variable, value);
            return this;
        }

        /**
         * @param header a header sent with every request (HTTP only), e.g. {@code Authorization}
         * @param value  its value (never logged)
         * @return this
         */
        public Builder header(String header, String value) {
            requireTransport(Transport.STREAMABLE_HTTP, "header");
            Objects.requireNonNull(header, "header name");
            Objects.requireNonNull(value, "value of header " + header);
            if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("MCP server '" + name + "': invalid header name '" + header + "'");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("MCP server '" + name + "': the value of header " + header
                        + " contains a line break");
            }
            headers.put(header, value);
            return this;
        }

        /**
         * @param filter which tools to offer, by the server's own tool name; default all
         * @return this
         */
        public Builder toolFilter(Predicate<String> filter) {
            this.toolFilter = Objects.requireNonNull(filter, "tool filter");
            return this;
        }

        /**
         * Offers only the named tools (the server's own names); a name the server does not have is
         * ignored.
         *
         * @param toolNames the tools to offer
         * @return this
         */
        public Builder allowTools(String... toolNames) {
            List<String> allowed = List.of(toolNames);
            return toolFilter(allowed::contains);
        }

        /**
         * @param prefix put before every tool name of this server, against clashes between servers
         *               (e.g. {@code "fs_"}); default none. Letters, digits, {@code _} and {@code -}.
         * @return this
         */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.isEmpty() && !prefix.matches("[A-Za-z_][A-Za-z0-9_-]{0,31}")) {
                throw new IllegalArgumentException("MCP server '" + name + "': invalid tool name prefix '" + prefix
                        + "': use a letter or '_' followed by letters, digits, '_' or '-', at most 32 characters");
            }
            this.prefix = prefix;
            return this;
        }

        /**
         * @param timeout the longest one tool call may take, then it becomes a tool error; 1 ms to 1 hour,
         *                default {@link #DEFAULT_CALL_TIMEOUT} (60 s)
         * @return this
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = checkTimeout(timeout, "callTimeout");
            return this;
        }

        /**
         * @param timeout the longest starting and initializing the server may take; 1 ms to 1 hour,
         *                default {@link #DEFAULT_START_TIMEOUT} (30 s)
         * @return this
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = checkTimeout(timeout, "startTimeout");
            return this;
        }

        /**
         * @param maxRestarts how often a server that died (or whose connection broke) is started
         *                    again before it is dropped; 0 to 100, default {@value #DEFAULT_MAX_RESTARTS}
         * @return this
         */
        public Builder maxRestarts(int maxRestarts) {
            if (maxRestarts < 0 || maxRestarts > 100) {
                throw new IllegalArgumentException("MCP server '" + name + "': maxRestarts must be between 0 and 100, was "
                        + maxRestarts);
            }
            this.maxRestarts = maxRestarts;
            return this;
        }

        /** @return the specification */
        public McpServerSpec build() {
            return new McpServerSpec(this);
        }

        private Duration checkTimeout(Duration timeout, String setting) {
            Objects.requireNonNull(timeout, setting);
            if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("MCP server '" + name + "': " + setting
                        + " must be between 1 ms and 1 hour, was " + timeout);
            }
            return timeout;
        }

        private void requireTransport(Transport needed, String setting) {
            if (transport != needed) {
                throw new IllegalArgumentException("MCP server '" + name + "': " + setting + " applies to "
                        + needed + " servers only, this one is " + transport);
            }
        }
    }
}
