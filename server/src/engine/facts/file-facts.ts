/** Everything the rules ask about one file, computed lazily and at most once per analysis. */
import type { ts } from "ts-morph";
import { ContextFacts } from "./context";
import { NodeApiFacts } from "./node-apis";
import { NodeIndex } from "./node-index";
import { ScopeFacts } from "./scope";

export class FileFacts {
  private readonly memo = new Map<unknown, unknown>();
  readonly scopes: ScopeFacts;
  readonly apis: NodeApiFacts;
  private contextFacts?: ContextFacts;

  constructor(
    readonly path: string,
    readonly sf: ts.SourceFile,
  ) {
    this.scopes = new ScopeFacts(sf, () => this.nodes);
    this.apis = new NodeApiFacts(this.scopes);
  }

  get text(): string {
    return this.sf.text;
  }

  /** Calls, `new`, loops, awaits and functions of the file, from one shared walk (see NodeIndex). */
  get nodes(): NodeIndex {
    return this.get(NodeIndex);
  }

  get context(): ContextFacts {
    return (this.contextFacts ??= new ContextFacts(this.sf, this.scopes, this.apis, this.path, () => this.nodes));
  }

  /** A further fact family (effects, loops, …), built on first use and shared by every rule. */
  get<T>(make: new (file: FileFacts) => T): T {
    let v = this.memo.get(make) as T | undefined;
    if (v === undefined) {
      v = new make(this);
      this.memo.set(make, v);
    }
    return v;
  }
}
