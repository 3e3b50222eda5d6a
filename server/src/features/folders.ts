/** The workspace folders: what a workspace scan walks, and whose editor settings a scanned file gets. */
import { sep } from "node:path";
import type { InitializeParams, WorkspaceFolder, WorkspaceFoldersChangeEvent } from "vscode-languageserver/node";
import { filePath } from "./documents";

export interface Folder {
  uri: string;
  path: string;
}

export class WorkspaceFolders {
  private folders: Folder[] = [];

  constructor(params: InitializeParams) {
    // rootUri and rootPath are deprecated, but older clients send nothing else.
    const roots: WorkspaceFolder[] = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: "root" }] : []);
    this.add(roots);
  }

  list(): readonly Folder[] {
    return this.folders;
  }

  changed(e: WorkspaceFoldersChangeEvent): void {
    const removed = new Set(e.removed.map((f) => f.uri));
    this.folders = this.folders.filter((f) => !removed.has(f.uri));
    this.add(e.added);
  }

  /** The innermost folder holding `path`, if any. */
  folderOf(path: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.folders) {
      const inside = path === f.path || path.startsWith(f.path.endsWith(sep) ? f.path : f.path + sep);
      if (inside && (!best || f.path.length > best.path.length)) best = f;
    }
    return best;
  }

  private add(folders: readonly WorkspaceFolder[]): void {
    for (const f of folders) {
      const path = filePath(f.uri);
      if (path !== undefined && !this.folders.some((x) => x.uri === f.uri)) this.folders.push({ uri: f.uri, path });
    }
  }
}
