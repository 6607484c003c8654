/** The container's public names; runtime/index.ts picks from these. */
export { ValueContainer, type ContainerHeaderInit } from './value-container.js';
export { Value, VALUE_KINDS, isValueKind, type ValueKind, type ValueTypes } from './value.js';
export { DEFAULT_MAX_DEPTH, type ContainerHeader, type ContainerLimits } from './container-wire.js';
export type { ContainerJson, ContainerJsonEntry, ContainerJsonValue, ContainerJsonScalar } from './container-json.js';
