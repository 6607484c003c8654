import { defineGreeterService } from '../../generated/index.js';

/**
 * The greeter's handlers. Requests arrive already validated against
 * schemas/messages/greet-request.json; what you return is checked against
 * greet-response.json before it is sent.
 */
export const greeterService = defineGreeterService({
  greet: async (request, context) => {
    await context.emit('greeted', { name: request.name, at: new Date().toISOString() });
    return { greeting: `Hello, ${request.name}!` };
  },
});
