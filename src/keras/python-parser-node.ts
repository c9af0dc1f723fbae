/**
 * Loads tree-sitter's Python grammar (WebAssembly, no native build). The extension host passes
 * the folder it ships the two .wasm files in; tests and the CLI resolve them from node_modules.
 */
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { FitwatchError } from '../shared/location';
import { errorMessage } from '../shared/error-message';

/** A ready parser for Python source; `analyzePython` takes it. */
export interface PythonParser {
  parser: Parser;
}

/** The two wasm files: tree-sitter's runtime and the Python grammar. */
function wasmPaths(wasmDir: string | undefined): { runtime: string; python: string } {
  if (wasmDir !== undefined) return { runtime: join(wasmDir, 'tree-sitter.wasm'), python: join(wasmDir, 'tree-sitter-python.wasm') };
  return {
    // web-tree-sitter's exports map hides package.json; its main file sits next to the wasm.
    runtime: join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'),
    python: join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
  };
}

/** The runtime is initialised once per process; each parser shares it. */
let runtimeReady: Promise<void> | undefined;

/** Creates a Python parser; `wasmDir` holds `tree-sitter.wasm` and `tree-sitter-python.wasm` (default: from node_modules). */
export async function createPythonParser(wasmDir?: string): Promise<PythonParser> {
  const paths = wasmPaths(wasmDir);
  try {
    runtimeReady ??= Parser.init({ locateFile: () => paths.runtime });
    await runtimeReady;
    const language = await Language.load(paths.python);
    const parser = new Parser();
    parser.setLanguage(language);
    return { parser };
  } catch (e: unknown) {
    runtimeReady = undefined;
    throw new FitwatchError({
      code: 'keras/parser-load',
      message: `The Python parser could not be loaded from ${paths.python}: ${errorMessage(e)}.`,
      fix: 'Reinstall the extension (it ships tree-sitter.wasm and tree-sitter-python.wasm), or pass the folder that holds both files.',
      location: { file: paths.python },
    });
  }
}
