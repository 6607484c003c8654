/**
 * Every name and path the generator emits is decided here, so a name can be
 * explained and collisions are caught in one place.
 */

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'as',
  'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static', 'yield', 'any',
  'boolean', 'number', 'string', 'symbol', 'bigint', 'object', 'unknown', 'never', 'undefined', 'type',
  'Array', 'Object', 'String', 'Number', 'Boolean', 'Date', 'Error', 'Map', 'Set', 'Promise', 'Record',
  'Uint8Array', 'BigInt', 'Symbol', 'Function', 'JSON', 'Math',
]);

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

function pascal(text: string): string {
  return words(text)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** A schema title or service name as a PascalCase type name (`place order` → `PlaceOrder`). */
export function typeName(title: string): string {
  let name = pascal(title);
  if (name === '' || /^[0-9]/.test(name)) name = `T${name}`;
  return RESERVED.has(name) ? `${name}Type` : name;
}

/** A name as a lowerCamelCase member name (`fulfillment-dead` → `fulfillmentDead`). */
export function memberName(text: string): string {
  const name = lowerCamel(text);
  return RESERVED.has(name) || /^[0-9]/.test(name) ? `_${name}` : name;
}

/** A name as a kebab-case file stem (`PlaceOrderRequest` → `place-order-request`). */
export function fileStem(text: string): string {
  return words(text)
    .map((w) => w.toLowerCase())
    .join('-');
}

function lowerCamel(text: string): string {
  const p = pascal(text);
  return p.length === 0 ? '_' : p[0]!.toLowerCase() + p.slice(1);
}

/**
 * A method, event, subscription or queue name as a key of a service descriptor
 * (and so of the client and the handlers). Unlike `memberName`, reserved words
 * stay as they are: they are valid property names (`client.delete(...)`).
 */
export function propertyName(text: string): string {
  const name = lowerCamel(text);
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

// ---- messages -------------------------------------------------------------

/** The descriptor const of a message: `OrderLine` → `OrderLineMessage`. */
export function messageDescriptorName(message: string): string {
  return `${message}Message`;
}

/** The exported validator of a message: `OrderLine` → `validateOrderLine`. */
export function validatorName(message: string): string {
  return `validate${message}`;
}

/** Output paths are relative to the out dir, posix separators. */
export function messageTypePath(message: string): string {
  return `messages/${fileStem(message)}.ts`;
}

export function validatorPath(message: string): string {
  return `validators/${fileStem(message)}.ts`;
}

// ---- services -------------------------------------------------------------

/** The names a service's generated file exports, all derived from the service name. */
export interface ServiceNames {
  readonly descriptor: string;
  readonly client: string;
  readonly createClient: string;
  readonly handlers: string;
  readonly define: string;
}

export function serviceNames(service: string): ServiceNames {
  const base = typeName(service);
  return {
    descriptor: `${base}Service`,
    client: `${base}Client`,
    createClient: `create${base}Client`,
    handlers: `${base}Handlers`,
    define: `define${base}Service`,
  };
}

/** The union of a method's declared errors: `orders`, `placeOrder` → `OrdersPlaceOrderError`. */
export function methodErrorTypeName(service: string, method: string): string {
  return `${typeName(service)}${pascalOrT(method)}Error`;
}

/** The named const of an event descriptor: `orders`, `orderPlaced` → `OrdersOrderPlacedEvent`. */
export function eventConstName(service: string, event: string): string {
  return `${typeName(service)}${pascalOrT(event)}Event`;
}

function pascalOrT(text: string): string {
  const p = pascal(text);
  return p === '' ? 'T' : p;
}

export function servicePath(service: string): string {
  return `services/${fileStem(service)}.ts`;
}

/** Event descriptors live apart from services so a subscription to another service's event never makes an import cycle. */
export function eventsPath(service: string): string {
  return `events/${fileStem(service)}.ts`;
}

export const ROUTES_PATH = 'routes.ts';
export const INDEX_PATH = 'index.ts';
/** JSON, not YAML: the document is data other tools read, and JSON has one canonical byte form (see docs/asyncapi.md). */
export const ASYNCAPI_PATH = 'asyncapi.json';

/**
 * The import specifier from one output file to another, both relative to the
 * out dir (`services/orders.ts` → `messages/order-line.ts` gives
 * `../messages/order-line.js`).
 */
export function importSpecifier(fromPath: string, toPath: string): string {
  const from = fromPath.split('/').slice(0, -1);
  const to = toPath.replace(/\.ts$/, '.js').split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const ups = from.length - common;
  const rest = to.slice(common).join('/');
  return ups === 0 ? `./${rest}` : `${'../'.repeat(ups)}${rest}`;
}

/** Client members that are not methods; a method with one of these names would shadow them. */
export const CLIENT_RESERVED_MEMBERS: ReadonlySet<string> = new Set(['events', 'queues', 'subscriptions']);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key as written in TypeScript: bare when it is an identifier, quoted otherwise. */
export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : `'${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

// ---- collisions -------------------------------------------------------------

/** Where a name came from, so a collision can be explained in the user's terms. */
export interface NameOwner {
  readonly file: string;
  readonly pointer: string;
  /** What the user wrote, e.g. `message "OrderLine"` or `method "placeOrder" of service "orders"`. */
  readonly what: string;
}

export interface NameCollision {
  readonly name: string;
  readonly owners: ReadonlyArray<NameOwner>;
}

/**
 * Collects names that must be unique within one scope and reports each name
 * claimed by more than one owner. Owners are reported in claim order, so the
 * caller decides the order by claiming in a sorted order.
 */
export class NameScope {
  private readonly claims = new Map<string, NameOwner[]>();

  constructor(private readonly normalize: (name: string) => string = (name) => name) {}

  claim(name: string, owner: NameOwner): void {
    const key = this.normalize(name);
    const owners = this.claims.get(key);
    if (owners === undefined) this.claims.set(key, [owner]);
    else owners.push(owner);
  }

  collisions(): NameCollision[] {
    const out: NameCollision[] = [];
    for (const [name, owners] of this.claims) if (owners.length > 1) out.push({ name, owners });
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
