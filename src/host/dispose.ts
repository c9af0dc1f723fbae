/**
 * Ownership of disposables, in the style of vscode-hexeditor's dispose.ts. Kept free of the
 * `vscode` import (VS Code's Disposable is structurally an IDisposable) so it is testable in Node.
 */

/** Anything that releases resources when disposed (a VS Code Disposable, a process, …). */
export interface IDisposable {
  dispose(): void;
}

/** Disposes every item, last registered first, and keeps going when one throws. */
export function disposeAll(items: IDisposable[]): void {
  const errors: unknown[] = [];
  while (items.length) {
    const item = items.pop();
    try {
      item?.dispose();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, 'several disposables failed to dispose');
}

/** A set of disposables with one owner; anything added after disposal is disposed at once. */
export class DisposableStore implements IDisposable {
  private readonly items: IDisposable[] = [];
  private disposed = false;

  /** Whether `dispose()` already ran. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Takes ownership of `item` and returns it, so a field can be assigned in one line. */
  add<T extends IDisposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  /** Disposes every owned item once; later calls do nothing. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.items);
  }
}

/** Base class for objects that own disposables through `register`. */
export abstract class Disposable implements IDisposable {
  private readonly store = new DisposableStore();

  /** Whether this object was disposed. */
  protected get isDisposed(): boolean {
    return this.store.isDisposed;
  }

  /** Takes ownership of `item` for the lifetime of this object. */
  protected register<T extends IDisposable>(item: T): T {
    return this.store.add(item);
  }

  /** Releases everything this object owns. */
  dispose(): void {
    this.store.dispose();
  }
}

/** Holds at most one disposable; replacing or clearing the value disposes the old one. */
export class MutableDisposable<T extends IDisposable> implements IDisposable {
  private current: T | undefined;

  /** The held value, if any. */
  get value(): T | undefined {
    return this.current;
  }

  set value(next: T | undefined) {
    if (this.current === next) return;
    const old = this.current;
    this.current = next;
    old?.dispose();
  }

  /** Disposes the held value and forgets it. */
  dispose(): void {
    this.value = undefined;
  }
}

/** Wraps a cleanup function as a disposable that runs it at most once. */
export function toDisposable(fn: () => void): IDisposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      fn();
    },
  };
}
