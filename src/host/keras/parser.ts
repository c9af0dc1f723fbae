/**
 * Python analysis for the editor: tree-sitter (WebAssembly) is loaded on first use, not at
 * activation, and each document version is analysed once however often the lightbulb,
 * CodeLens and diagnostics ask.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { analyzePython } from '../../keras/python';
import type { PythonParser } from '../../keras/python-parser-node';
import type { PythonAnalysis } from '../../keras/python-types';

/** The two grammar files, copied into dist/ by scripts/copy-assets.mjs for the packaged extension. */
const WASM_FILES = ['tree-sitter.wasm', 'tree-sitter-python.wasm'];

/** The folder holding both .wasm files: the extension's dist/ when packaged, else undefined (node_modules). */
export function wasmDirOf(extensionPath: string): string | undefined {
  const dist = join(extensionPath, 'dist');
  return WASM_FILES.every((f) => existsSync(join(dist, f))) ? dist : undefined;
}

/** Analyses Keras scripts, from open documents or from disk. */
export class KerasScriptAnalyzer {
  private parser: Promise<PythonParser> | undefined;
  private readonly cache = new Map<string, { version: number; analysis: PythonAnalysis }>();

  constructor(private readonly extensionPath: string) {}

  private load(): Promise<PythonParser> {
    this.parser ??= import('../../keras/python-parser-node.js').then((m) => m.createPythonParser(wasmDirOf(this.extensionPath)));
    // A failed load is reported to the caller, and retried next time (the files may be restored).
    this.parser.catch(() => (this.parser = undefined));
    return this.parser;
  }

  /** The analysis of an open document at its current version. */
  async analyze(doc: vscode.TextDocument): Promise<PythonAnalysis> {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.analysis;
    const version = doc.version;
    const analysis = analyzePython(await this.load(), doc.getText(), doc.uri.fsPath);
    this.cache.set(key, { version, analysis });
    return analysis;
  }

  /** The analysis of a script, from its open document when there is one (unsaved edits count). */
  async analyzeUri(uri: vscode.Uri): Promise<{ analysis: PythonAnalysis; text: string }> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return { analysis: await this.analyze(open), text: open.getText() };
    const text = await readFile(uri.fsPath, 'utf8');
    return { analysis: analyzePython(await this.load(), text, uri.fsPath), text };
  }

  /** Forgets a closed document's analysis. */
  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }
}
