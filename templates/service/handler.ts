import { __DEFINE_SERVICE__ } from '__GENERATED_FROM_HANDLER__';

/**
 * Handlers for the __SERVICE_NAME__ service (__SCHEMA_FILE__).
 * Requests arrive already validated against their schema; what a handler
 * returns is checked against the response schema before it is sent.
 */
export const __SERVICE_CAMEL__Service = __DEFINE_SERVICE__({
  ping: async (request) => ({ message: `pong: ${request.message}` }),
});
