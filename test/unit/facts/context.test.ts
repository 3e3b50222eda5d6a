import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { callNamed, factsFor } from "./facts-helpers";

function contextOfCall(code: string, callText: string, path?: string) {
  const f = factsFor(code, path);
  return f.context.at(callNamed(f, callText));
}

describe("execution context", () => {
  it("module top level is startup", () => {
    const c = contextOfCall(`load();`, "load");
    assert.equal(c.kind, "startup");
    assert.equal(c.latencySensitive, false);
  });
  it("async function", () => {
    const c = contextOfCall(`async function getUser() { load(); }`, "load");
    assert.equal(c.kind, "async");
    assert.equal(c.description, "async function getUser");
  });
  it("express route handler", () => {
    const c = contextOfCall(`app.get("/users", (req, res) => { load(); });`, "load");
    assert.equal(c.kind, "handler");
    assert.equal(c.description, "request handler for GET /users");
  });
  it("event callback registered by name", () => {
    const c = contextOfCall(`function onData(chunk) { load(); }\nstream.on("data", onData);`, "load");
    assert.equal(c.kind, "handler");
    assert.equal(c.description, "'data' event callback");
  });
  it("http.createServer callback", () => {
    const c = contextOfCall(`const http = require("http"); http.createServer((req, res) => { load(); });`, "load");
    assert.equal(c.kind, "handler");
  });
  it("array callback inherits the async context", () => {
    const c = contextOfCall(`async function f(xs) { xs.map((x) => load(x)); }`, "load");
    assert.equal(c.kind, "async");
  });
  it("named sync utility", () => {
    const c = contextOfCall(`function readConfig() { load(); }`, "load");
    assert.equal(c.kind, "sync");
    assert.equal(c.latencySensitive, false);
  });
  it("shebang file is a CLI script", () => {
    const c = contextOfCall(`#!/usr/bin/env node\nasync function main() { load(); }\nmain();`, "load");
    assert.equal(c.kind, "script");
  });
  it("bin/ folder is a CLI script", () => {
    const c = contextOfCall(`async function main() { load(); }`, "load", "/repo/bin/tool.js");
    assert.equal(c.kind, "script");
  });
  it("a server started by a script still has handlers", () => {
    const c = contextOfCall(`#!/usr/bin/env node\nserver.on("request", (req, res) => { load(); });`, "load");
    assert.equal(c.kind, "handler");
  });
  it("worker file", () => {
    const c = contextOfCall(`const { parentPort } = require("worker_threads"); parentPort.on("message", (m) => { load(m); });`, "load");
    assert.equal(c.kind, "worker");
  });
  it("worker branch of a dual-role file", () => {
    const c = contextOfCall(
      `const { isMainThread, parentPort } = require("worker_threads");\nif (!isMainThread) { parentPort.on("message", (m) => { load(m); }); }`,
      "load",
    );
    assert.equal(c.kind, "worker");
  });
});
