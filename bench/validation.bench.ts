/**
 * Validation of a PlaceOrderRequest: the validator typewire generated (ajv
 * standalone code, compiled at generation time) vs plain ajv compiling the
 * same schema at run time with `new Ajv2020()` and default options.
 *
 * The int64 adaptation: ajv knows only JSON types, so the bigint
 * `unitPriceCents` would fail ajv's `type: "integer"`, and `format: "int64"` is
 * an unknown format to a default Ajv. The generator rewrites such fields into
 * typewire's bigint keywords (`typewire:int64`, `typewire:minimum`, …). The
 * plain-ajv side gets exactly that rewrite (`validatorSchema`) and those
 * keywords (`TYPEWIRE_KEYWORDS`), so both check the same rules on the same
 * instance and the only difference measured is how the validator was made.
 */
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { TYPEWIRE_KEYWORDS } from '../generator/emit/ajv-keywords.js';
import { validatorSchema } from '../generator/emit/validator-schema.js';
import { findMessage, loadSchemaModel, schemaIssuesError } from '../generator/front.js';
import { validatePlaceOrderRequest } from '../generated/validators/place-order-request.js';
import type { ValidateFunction } from '../runtime/descriptors.js';
import { typewireError } from '../runtime/errors/typewire-error.js';
import { invalidPlaceOrderRequests, placeOrderRequest } from './fixtures.js';
import { packageRoot } from './harness/paths.js';
import type { BenchSuite } from './harness/types.js';

async function plainAjvValidator(): Promise<ValidateFunction> {
  const front = await loadSchemaModel(join(packageRoot(import.meta.url), 'schemas'));
  if (!front.ok) throw schemaIssuesError(front.issues);
  const message = findMessage(front.model, 'PlaceOrderRequest');
  if (message === undefined) throw typewireError('NOT_FOUND_MESSAGE_TYPE', 'validation benchmark: the example schemas have no PlaceOrderRequest');
  const ajv = new Ajv2020();
  for (const keyword of TYPEWIRE_KEYWORDS) ajv.addKeyword(keyword);
  return ajv.compile(validatorSchema(message.bundled).schema as object) as ValidateFunction;
}

/** Both validators must accept the order and refuse each broken one, or the comparison means nothing. */
function checkSameVerdicts(generated: ValidateFunction, plain: ValidateFunction): void {
  const cases = [{ reason: 'valid order', value: placeOrderRequest() as unknown, expected: true }, ...invalidPlaceOrderRequests().map((c) => ({ ...c, expected: false }))];
  const wrong = cases.filter((c) => generated(c.value) !== c.expected || plain(c.value) !== c.expected).map((c) => c.reason);
  if (wrong.length > 0) {
    throw typewireError('INTERNAL_UNEXPECTED', `validation benchmark: validators disagree with the expected verdict on: ${wrong.join(', ')}`, { details: wrong });
  }
}

export async function createValidationSuite(): Promise<BenchSuite> {
  const generated = validatePlaceOrderRequest;
  const plain = await plainAjvValidator();
  checkSameVerdicts(generated, plain);
  const order = placeOrderRequest();
  const baseline = 'validation: plain ajv (Ajv2020 compile at run time)';
  return {
    name: 'validation',
    description: 'PlaceOrderRequest (3 lines) validated, valid instance',
    cases: [
      { name: baseline, op: () => plain(order) },
      { name: 'validation: typewire generated validator', baseline, op: () => generated(order) },
    ],
    targets: [{ name: 'validation: typewire generated validator', metric: 'ops_per_sec', target: 1 }],
  };
}
