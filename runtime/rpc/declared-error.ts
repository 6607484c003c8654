import type { MethodDescriptor } from '../descriptors.js';
import { TypewireError } from '../errors/typewire-error.js';
import type { MethodErrorOf } from './types.js';

/**
 * Narrows a caught value to one of the errors a method declares, so that
 * `if (isDeclaredError(OrdersService.methods.placeOrder, e) && e.code === 'OUT_OF_STOCK') e.details.sku`
 * type-checks.
 */
export function isDeclaredError<M extends MethodDescriptor<any, any, any>>(method: M, error: unknown): error is MethodErrorOf<M> {
  return error instanceof TypewireError && Object.prototype.hasOwnProperty.call(method.errors, error.code);
}
