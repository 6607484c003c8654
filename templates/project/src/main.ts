import { createRuntime } from 'typewire';
import { createGreeterClient, type Greeted } from '../generated/index.js';
import { greeterService } from './services/greeter.js';

// One runtime per process: it carries every service, client and event.
const runtime = createRuntime({ source: '__PROJECT_NAME__' });
runtime.serve(greeterService);

const greeter = createGreeterClient(runtime);

// Wait for the event the handler publishes, so the output below is always in the same order.
const greeted = new Promise<Greeted>((resolve) => {
  const subscription = greeter.events.greeted.subscribe((event) => {
    subscription.unsubscribe();
    resolve(event);
  });
});

const reply = await greeter.greet({ name: 'world' });
console.log(reply.greeting);
console.log(`event greeter.greeted: ${(await greeted).name}`);

await runtime.close();
