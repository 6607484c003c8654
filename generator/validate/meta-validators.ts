/**
 * The ajv validators for the meta-schemas: one per JSON Schema draft (to check
 * users' message schemas) and one for service definitions. `allErrors` is safe
 * here: the input is the project's own build input, not hostile traffic.
 */
import Ajv2020Module from 'ajv/dist/2020.js';
import AjvModule from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { Draft } from '../model/types.js';
import { SERVICE_SCHEMA, SERVICE_SCHEMA_ID } from '../meta/service-schema.js';
import { typewireError } from '../../runtime/errors/typewire-error.js';

const META_URIS: Readonly<Record<Draft, string>> = {
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
  '07': 'http://json-schema.org/draft-07/schema',
};

// verbose: errors carry the failing data and schema, which the readable messages need.
const OPTIONS = { allErrors: true, verbose: true } as const;

let draft2020: InstanceType<typeof Ajv2020Module.default> | undefined;
let draft07: InstanceType<typeof AjvModule.default> | undefined;
let serviceAjv: InstanceType<typeof Ajv2020Module.default> | undefined;

/** Validates a schema against its draft's meta-schema (structure only; formats are checked elsewhere). */
export function draftMetaValidator(draft: Draft): ValidateFunction {
  const ajv = draft === '07' ? (draft07 ??= new AjvModule.default({ ...OPTIONS, strict: false })) : (draft2020 ??= new Ajv2020Module.default({ ...OPTIONS, strict: false }));
  const validate = ajv.getSchema(META_URIS[draft]);
  if (validate === undefined) throw typewireError('INTERNAL_UNEXPECTED', `ajv has no meta-schema ${META_URIS[draft]}`);
  return validate;
}

export function serviceValidator(): ValidateFunction {
  return serviceSchemaPart('');
}

export type ServiceMemberKind = 'method' | 'event' | 'subscription' | 'queue';

/**
 * Validates one method, event, subscription or queue on its own, so a file
 * with one broken member still gets its other members checked across services.
 */
export function serviceMemberValidator(kind: ServiceMemberKind): ValidateFunction {
  return serviceSchemaPart(`#/$defs/${kind}`);
}

function serviceSchemaPart(fragment: string): ValidateFunction {
  if (serviceAjv === undefined) {
    serviceAjv = new Ajv2020Module.default({ ...OPTIONS, strict: true });
    serviceAjv.addSchema(SERVICE_SCHEMA);
  }
  const validate = serviceAjv.getSchema(`${SERVICE_SCHEMA_ID}${fragment}`);
  if (validate === undefined) throw typewireError('INTERNAL_UNEXPECTED', `no part ${fragment} in the service meta-schema`);
  return validate;
}
