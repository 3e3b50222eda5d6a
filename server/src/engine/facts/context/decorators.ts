/** NestJS decorators that make a controller or processor method a request, message, scheduled or queue handler. */
import { ts } from "ts-morph";
import { stringValue, type FunctionNode } from "../../ast";
import { job, request, type HandlerRole } from "./handler-role";

/** NestJS decorators that make a controller method a request, message or scheduled handler. */
const NEST_ROUTE_DECORATORS = new Set(["Get", "Post", "Put", "Patch", "Delete", "All", "Head", "Options"]);
const NEST_EVENT_DECORATORS = new Set(["MessagePattern", "EventPattern", "SubscribeMessage", "OnEvent", "Cron", "Interval", "Timeout", "Process"]);

/** `@Get(":id") find() {…}` in a NestJS controller. */
export function decoratedRole(fn: FunctionNode): HandlerRole | undefined {
  if (!ts.isMethodDeclaration(fn)) return undefined;
  for (const d of ts.getDecorators(fn) ?? []) {
    const e = d.expression;
    const name = ts.isCallExpression(e) && ts.isIdentifier(e.expression) ? e.expression.text : ts.isIdentifier(e) ? e.text : undefined;
    if (!name) continue;
    if (NEST_ROUTE_DECORATORS.has(name)) {
      const path = ts.isCallExpression(e) ? stringValue(e.arguments[0]) : undefined;
      return request(`request handler for ${name.toUpperCase()}${path !== undefined ? ` ${path}` : ""}`);
    }
    if (NEST_EVENT_DECORATORS.has(name)) return { kind: "event", description: `a @${name} handler` };
  }
  // @nestjs/bullmq: `@Processor("mail") class MailProcessor extends WorkerHost { async process(job) {…} }`
  if (ts.isIdentifier(fn.name) && fn.name.text === "process" && ts.isClassLike(fn.parent) && decoratorNames(fn.parent).includes("Processor")) return job("a @Processor job");
  return undefined;
}

function decoratorNames(node: ts.Node): string[] {
  const out: string[] = [];
  for (const d of (ts.canHaveDecorators(node) && ts.getDecorators(node)) || []) {
    const e = d.expression;
    const name = ts.isCallExpression(e) && ts.isIdentifier(e.expression) ? e.expression.text : ts.isIdentifier(e) ? e.text : undefined;
    if (name) out.push(name);
  }
  return out;
}
