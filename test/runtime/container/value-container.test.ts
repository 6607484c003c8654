import { describe, expect, it } from 'vitest';
import { Value } from '../../../runtime/container/value.js';
import { ValueContainer } from '../../../runtime/container/value-container.js';
import { thrownBy } from '../codec/assertions.js';

const make = (): ValueContainer => new ValueContainer({ source: 'sensor-1', target: 'hub', type: 'reading', id: 'r-1' });

describe('ValueContainer', () => {
  it('stores typed values and reads them back by kind', () => {
    const c = make().set('count', Value.int32(5)).set('big', Value.uint64(2n ** 63n)).set('name', Value.string('x'));
    expect(c.get('count')).toEqual({ kind: 'int32', value: 5 });
    expect(c.getInt32('count')).toBe(5);
    expect(c.getUint64('big')).toBe(2n ** 63n);
    expect(c.getString('name')).toBe('x');
    expect(c.getInt32('absent')).toBeUndefined();
    expect(c.keys()).toEqual(['count', 'big', 'name']);
    expect(c.size).toBe(3);
  });

  it('refuses to read a value as another kind', () => {
    const c = make().set('count', Value.int32(5));
    const error = thrownBy(() => c.getInt64('count'));
    expect(error.code).toBe('VALIDATION_BAD_ARGUMENT');
    expect(error.message).toContain('holds int32, not int64');
  });

  it('has, delete, clear and insertion order (also for integer-like keys)', () => {
    const c = make().set('b', Value.bool(true)).set('2', Value.bool(false)).set('a', Value.bool(true)).set('1', Value.bool(true));
    expect(c.keys()).toEqual(['b', '2', 'a', '1']);
    expect(c.has('a')).toBe(true);
    expect(c.delete('a')).toBe(true);
    expect(c.has('a')).toBe(false);
    expect(c.delete('a')).toBe(false);
    c.clear();
    expect(c.size).toBe(0);
  });

  it.each([
    ['tiny', { kind: 'int8', value: 300 }, 'int8'],
    ['neg', { kind: 'uint32', value: -1 }, 'uint32'],
    ['frac', { kind: 'int32', value: 1.5 }, 'int32'],
    ['big', { kind: 'int64', value: 5 }, 'int64'],
    ['weird', { kind: 'decimal', value: 1 }, 'decimal'],
  ])('set %s rejects a bad value with VALIDATION_BAD_ARGUMENT naming the key and kind', (key, value, kind) => {
    const error = thrownBy(() => make().set(key, value as unknown as Value));
    expect(error.code).toBe('VALIDATION_BAD_ARGUMENT');
    expect(error.message).toContain(`"${key}"`);
    expect(error.message).toContain(kind);
    expect(error.details).toMatchObject({ key });
  });

  it('checks array items and names their position', () => {
    const error = thrownBy(() => make().set('list', Value.array([Value.int8(1), { kind: 'uint8', value: 256 } as Value])));
    expect(error.message).toContain('"list"[1]');
    expect(error.message).toContain('uint8');
  });

  it('copies arrays on set, so later changes to the array passed in cannot bypass the checks', () => {
    const items: Value[] = [Value.int8(1)];
    const c = make().set('list', Value.array(items));
    items.push({ kind: 'int8', value: 999 } as Value);
    expect(c.getArray('list')).toEqual([{ kind: 'int8', value: 1 }]);
    expect(Object.isFrozen(c.getArray('list'))).toBe(true);
  });

  it('rounds floats set by hand to 32 bits', () => {
    expect(make().set('f', { kind: 'float', value: 0.1 }).getFloat('f')).toBe(Math.fround(0.1));
  });

  it('refuses a container inside itself and a non-container as container', () => {
    const c = make();
    expect(thrownBy(() => c.set('me', Value.container(c))).code).toBe('VALIDATION_BAD_ARGUMENT');
    expect(thrownBy(() => c.set('x', { kind: 'container', value: {} } as Value)).code).toBe('VALIDATION_BAD_ARGUMENT');
  });

  it('fills in the header: a fresh id, empty source and target', () => {
    const a = new ValueContainer({ type: 't' });
    const b = new ValueContainer({ type: 't' });
    expect(a.header).toMatchObject({ type: 't', source: '', target: '' });
    expect(a.header.id).not.toBe(b.header.id);
    expect(Object.isFrozen(a.header)).toBe(true);
    expect(thrownBy(() => new ValueContainer({ type: 5 as unknown as string })).code).toBe('VALIDATION_BAD_ARGUMENT');
  });

  it('stores a __proto__ key as an ordinary key', () => {
    const c = make().set('__proto__', Value.int8(1));
    expect(c.keys()).toEqual(['__proto__']);
    expect(ValueContainer.fromBinary(c.toBinary()).getInt8('__proto__')).toBe(1);
    expect(ValueContainer.fromJSON(c.toJSONText()).getInt8('__proto__')).toBe(1);
  });
});
