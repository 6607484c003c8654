/**
 * `services/<service>.ts`: the service descriptor, an explicit client
 * interface (readable, with doc comments from the schema), `create<X>Client`,
 * the handlers type, `define<X>Service` and one error union per method that
 * declares errors. The runtime's mapped types (`ServiceClient<S>`,
 * `ServiceHandlers<S>`) are what the explicit interface is checked against:
 * `create<X>Client` returns `createClient(...)` as the interface, so the two
 * cannot drift apart without a compile error.
 */
import { StructureKind, VariableDeclarationKind, type CodeBlockWriter, type SourceFile } from 'ts-morph';
import type { MethodModel, ServiceModel } from '../model/types.js';
import { importSpecifier, messageTypePath, methodErrorTypeName, propertyName, propertyKey, serviceNames, servicePath } from '../naming/names.js';
import { CODEGEN_MODULE } from './codegen-imports.js';
import type { EmitContext, EmittedFile } from './emit-context.js';
import { headerLine } from './header.js';
import { seeTag } from './message-type.js';
import { DescriptorRefs, serviceDescriptorLiteral } from './service-descriptor.js';
import { docComment, docText } from './ts-literal.js';
import { createSourceFile, finishSourceFile, Imports } from './ts-morph-file.js';

function paragraphs(...parts: Array<string | undefined>): string {
  return parts
    .filter((part): part is string => part !== undefined && part.trim() !== '')
    .map(docText)
    .join('\n\n');
}

function methodDoc(method: MethodModel): string {
  const errors = method.errors.map((error) => `- \`${error.code}\`${error.description === undefined ? '' : `: ${error.description}`}`);
  return paragraphs(
    method.description,
    `Sends \`${method.subject}\` and waits up to ${method.timeoutMs} ms for the reply.`,
    errors.length === 0 ? undefined : `Declared errors (a TypewireError with this code):\n${errors.join('\n')}`,
  );
}

/** A `{ readonly key: Type; }` object type, one member per line, each with its doc comment. */
function objectType(members: ReadonlyArray<{ key: string; type: string; doc?: string | undefined }>): (writer: CodeBlockWriter) => void {
  return (writer) => {
    if (members.length === 0) {
      writer.write('{}');
      return;
    }
    writer.write('{').newLine();
    for (const member of members) {
      if (member.doc !== undefined && member.doc !== '') writer.write(docComment([member.doc]));
      writer.write(`readonly ${propertyKey(member.key)}: ${member.type};`).newLine();
    }
    writer.write('}');
  };
}

function addClient(file: SourceFile, service: ServiceModel, imports: Imports, path: string): void {
  const names = serviceNames(service.name);
  const messageType = (name: string): string => {
    imports.type(importSpecifier(path, messageTypePath(name)), name);
    return name;
  };
  if (service.methods.length > 0) imports.type(CODEGEN_MODULE, 'CallOptions');
  if (service.events.length > 0) imports.type(CODEGEN_MODULE, 'EventClient');
  if (service.queues.length > 0) imports.type(CODEGEN_MODULE, 'QueueClient');
  const client = file.addInterface({
    isExported: true,
    name: names.client,
    docs: [paragraphs(`The typed client of the \`${service.name}\` service (version ${service.version}).`, service.description)],
  });
  client.addMembers([
    ...service.methods.map((method) => ({
      kind: StructureKind.MethodSignature as const,
      name: propertyKey(propertyName(method.name)),
      docs: [methodDoc(method)],
      parameters: [
        { name: 'request', type: messageType(method.request) },
        { name: 'options', type: 'CallOptions', hasQuestionToken: true },
      ],
      returnType: `Promise<${messageType(method.response)}>`,
    })),
    {
      kind: StructureKind.PropertySignature as const,
      name: 'events',
      isReadonly: true,
      docs: ['Publish and subscribe to the events this service declares.'],
      type: objectType(
        service.events.map((event) => ({
          key: propertyName(event.name),
          type: `EventClient<${messageType(event.payload)}>`,
          doc: paragraphs(event.description, `Topic \`${event.topic}\`.`),
        })),
      ),
    },
    {
      kind: StructureKind.PropertySignature as const,
      name: 'queues',
      isReadonly: true,
      docs: ['Send to and consume from the queues this service declares.'],
      type: objectType(
        service.queues.map((queue) => ({
          key: propertyName(queue.name),
          type: `QueueClient<${messageType(queue.message)}>`,
          doc: paragraphs(queue.description, `Subject \`${queue.subject}\`${queue.durable ? ', durable' : ''}.`),
        })),
      ),
    },
  ]);
}

export function emitServiceFile(service: ServiceModel, context: EmitContext): EmittedFile {
  const path = servicePath(service.name);
  const names = serviceNames(service.name);
  const file = createSourceFile(path);
  const imports = new Imports();
  imports.value(CODEGEN_MODULE, 'createClient');
  imports.value(CODEGEN_MODULE, 'defineService');
  for (const type of ['ServiceDescriptor', 'Runtime', 'ServiceDefinition', 'ServiceHandlers']) imports.type(CODEGEN_MODULE, type);

  const descriptor = serviceDescriptorLiteral(service, new DescriptorRefs(path, imports));
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [paragraphs(service.description, `Descriptor of the \`${service.name}\` service, version ${service.version}.`, seeTag(context, service.source.file, service.source.pointer))],
    declarations: [{ name: names.descriptor, initializer: (writer) => writer.write(`${descriptor} as const satisfies ServiceDescriptor`) }],
  });

  addClient(file, service, imports, path);

  file.addFunction({
    isExported: true,
    name: names.createClient,
    docs: [`Creates a typed client of the \`${service.name}\` service on a runtime.`],
    parameters: [{ name: 'runtime', type: 'Runtime' }],
    returnType: names.client,
    statements: `return createClient(runtime, ${names.descriptor});`,
  });
  file.addTypeAlias({
    isExported: true,
    name: names.handlers,
    docs: [`What \`${names.define}\` needs: a handler per method${service.subscriptions.length > 0 ? ', and one per subscription under `subscriptions`' : ''}.`],
    type: `ServiceHandlers<typeof ${names.descriptor}>`,
  });
  file.addFunction({
    isExported: true,
    name: names.define,
    docs: [`Binds handlers to the \`${service.name}\` service, ready for \`runtime.serve()\`.`],
    parameters: [{ name: 'handlers', type: names.handlers }],
    returnType: `ServiceDefinition<typeof ${names.descriptor}>`,
    statements: `return defineService(${names.descriptor}, handlers);`,
  });
  for (const method of service.methods) {
    if (method.errors.length === 0) continue;
    imports.type(CODEGEN_MODULE, 'DeclaredError');
    file.addTypeAlias({
      isExported: true,
      name: methodErrorTypeName(service.name, method.name),
      docs: [`The errors \`${method.name}\` declares, as a caller receives them: \`code\` narrows \`details\`.`],
      type: `DeclaredError<typeof ${names.descriptor}.methods.${propertyName(method.name)}.errors>`,
    });
  }
  // ts-morph puts import declarations above other statements, whenever they are added.
  imports.addTo(file);
  return { path, content: finishSourceFile(file, headerLine(context.version, [service.source.file])) };
}
