// A small MCP server on the official TypeScript SDK, for llm-mcp's tests: its tool list changes
// when `add_tool` is called (the SDK then sends notifications/tools/list_changed), and `crash`
// ends the process in the middle of a call. MCP_NODE_MODULES points at the node_modules folder
// .ci/run installs (.ci/mcp-servers/node_modules).
const path = require("path");
const modules = process.env.MCP_NODE_MODULES;
const sdk = path.join(modules, "@modelcontextprotocol", "sdk", "dist", "cjs");
const { McpServer } = require(path.join(sdk, "server", "mcp.js"));
const { StdioServerTransport } = require(path.join(sdk, "server", "stdio.js"));
const { z } = require(path.join(modules, "zod"));

const server = new McpServer({ name: "changing-server", version: "1.0.0" });
server.registerTool("greet", {
  description: "Greets someone",
  inputSchema: { name: z.string().describe("who to greet") },
}, async ({ name }) => ({ content: [{ type: "text", text: "Hello, " + name + "!" }] }));
server.registerTool("add_tool", {
  description: "Adds the tool named in the arguments",
  inputSchema: { tool: z.string() },
}, async ({ tool }) => {
  server.registerTool(tool, { description: "added at run time", inputSchema: {} },
    async () => ({ content: [{ type: "text", text: tool + " ran" }] }));
  return { content: [{ type: "text", text: "added " + tool }] };
});
server.registerTool("crash", { description: "Ends the server process", inputSchema: {} }, async () => {
  process.exit(3);
});
server.connect(new StdioServerTransport());
