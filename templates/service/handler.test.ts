import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRuntime } from 'typewire';
import { __CREATE_CLIENT__ } from '__GENERATED_FROM_TEST__';
import { __SERVICE_CAMEL__Service } from '__HANDLER_FROM_TEST__';

test('__SERVICE_NAME__.ping answers with pong', async () => {
  const runtime = createRuntime({ source: '__SERVICE_NAME__-test' });
  try {
    runtime.serve(__SERVICE_CAMEL__Service);
    const reply = await __CREATE_CLIENT__(runtime).ping({ message: 'hello' });
    assert.equal(reply.message, 'pong: hello');
  } finally {
    await runtime.close();
  }
});
