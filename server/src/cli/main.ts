// PLACEHOLDER entry — the CLI is being written.
console.log("looplens");
