import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRuntime } from 'typewire';
import { createGreeterClient } from '../generated/index.js';
import { greeterService } from '../src/services/greeter.js';

test('greet answers with a greeting', async () => {
  const runtime = createRuntime({ source: 'greeter-test' });
  try {
    runtime.serve(greeterService);
    const reply = await createGreeterClient(runtime).greet({ name: 'Ada' });
    assert.equal(reply.greeting, 'Hello, Ada!');
  } finally {
    await runtime.close();
  }
});

test('greet rejects a request that breaks its schema', async () => {
  const runtime = createRuntime({ source: 'greeter-test' });
  try {
    runtime.serve(greeterService);
    await assert.rejects(createGreeterClient(runtime).greet({ name: '' }), { code: 'VALIDATION_FAILED' });
  } finally {
    await runtime.close();
  }
});
