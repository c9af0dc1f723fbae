/**
 * Python tracebacks from a script's stderr: the frames and the exception line, and the frame
 * to point the user at (their own script, not Keras internals). Pure.
 */

/** One `File "…", line N, in f` frame. */
export interface TracebackFrame {
  file: string;
  line: number;
  func: string;
}

/** The last traceback in a stream of stderr text. */
export interface PythonTraceback {
  frames: TracebackFrame[];
  /** `ValueError: …`, the last line of the traceback. */
  exception: string;
  /** The exception's class name (`ModuleNotFoundError`). */
  type: string;
  /** For `No module named 'x'`, the module (`x`, or its top package). */
  missingModule?: string;
}

const FRAME = /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?$/;
const EXCEPTION = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;

/** The last traceback in `stderr`, or undefined when there is none. */
export function parseTraceback(stderr: string): PythonTraceback | undefined {
  const lines = stderr.split(/\r?\n/);
  const start = lines.lastIndexOf('Traceback (most recent call last):');
  if (start < 0) return undefined;
  const frames: TracebackFrame[] = [];
  let exception: string | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    const frame = FRAME.exec(line);
    if (frame) {
      frames.push({ file: frame[1], line: Number(frame[2]), func: frame[3] ?? '' });
      continue;
    }
    // Source lines and carets are indented; the exception line is the first unindented one.
    if (line.length > 0 && !/^\s/.test(line) && EXCEPTION.test(line)) {
      exception = line;
      // A SyntaxError carries its own location lines after; keep reading only those.
      break;
    }
  }
  if (!exception) return undefined;
  const type = (EXCEPTION.exec(exception)?.[1] ?? '').split('.').pop() ?? '';
  const missing = /No module named '([^']+)'/.exec(exception)?.[1];
  const out: PythonTraceback = { frames, exception, type };
  if (missing) out.missingModule = missing.split('.')[0];
  // A SyntaxError in the script is reported without frames for the script itself: `File "x", line N` precedes it.
  return out;
}

/** True for a file inside an installed package or the standard library, not the user's code. */
function isLibrary(file: string): boolean {
  return /[\\/](site-packages|dist-packages|lib[\\/]python\d[\d.]*)[\\/]/.test(file) || file.startsWith('<');
}

/** The frame to show: the innermost in `script`, else the innermost outside libraries, else the innermost. */
export function userFrame(tb: PythonTraceback, script: string, samePath: (a: string, b: string) => boolean = (a, b) => a === b): TracebackFrame | undefined {
  const frames = [...tb.frames].reverse();
  return frames.find((f) => samePath(f.file, script)) ?? frames.find((f) => !isLibrary(f.file)) ?? frames[0];
}
