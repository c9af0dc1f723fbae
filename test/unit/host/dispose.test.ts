import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Disposable, DisposableStore, MutableDisposable, toDisposable } from '../../../src/host/dispose';

test('a store disposes in reverse order, once, and disposes late additions at once', () => {
  const log: string[] = [];
  const store = new DisposableStore();
  store.add(toDisposable(() => log.push('a')));
  store.add(toDisposable(() => log.push('b')));
  store.dispose();
  store.dispose();
  assert.deepEqual(log, ['b', 'a']);
  store.add(toDisposable(() => log.push('late')));
  assert.deepEqual(log, ['b', 'a', 'late']);
});

test('one failing disposable does not keep the others alive', () => {
  const log: string[] = [];
  const store = new DisposableStore();
  store.add(toDisposable(() => log.push('first')));
  store.add(
    toDisposable(() => {
      throw new Error('boom');
    }),
  );
  assert.throws(() => store.dispose(), /boom/);
  assert.deepEqual(log, ['first']);
});

test('a mutable disposable disposes the value it replaces', () => {
  const log: string[] = [];
  const m = new MutableDisposable();
  m.value = toDisposable(() => log.push('one'));
  m.value = toDisposable(() => log.push('two'));
  assert.deepEqual(log, ['one']);
  m.dispose();
  assert.deepEqual(log, ['one', 'two']);
  assert.equal(m.value, undefined);
});

test('a Disposable subclass owns what it registers', () => {
  const log: string[] = [];
  class Owner extends Disposable {
    constructor() {
      super();
      this.register(toDisposable(() => log.push('owned')));
    }
  }
  new Owner().dispose();
  assert.deepEqual(log, ['owned']);
});
