/**
 * `events/<service>.ts`: one named const per event a service declares. They
 * live apart from the service descriptors because subscriptions point at
 * other services' events: services import events, events import only
 * messages, so the generated modules never form an import cycle.
 */
import { VariableDeclarationKind } from 'ts-morph';
import type { EventModel, ServiceModel } from '../model/types.js';
import { eventConstName, eventsPath, importSpecifier, messageDescriptorName, messageTypePath } from '../naming/names.js';
import { CODEGEN_MODULE } from './codegen-imports.js';
import type { EmitContext, EmittedFile } from './emit-context.js';
import { headerLine } from './header.js';
import { seeTag } from './message-type.js';
import { docText, identifier, printLiteral } from './ts-literal.js';
import { createSourceFile, finishSourceFile, Imports } from './ts-morph-file.js';

/** The descriptor literal of one event (without `as const`). */
export function eventLiteral(service: ServiceModel, event: EventModel): string {
  return printLiteral({
    name: event.name,
    service: service.name,
    topic: event.topic,
    payload: identifier(messageDescriptorName(event.payload)),
    description: event.description,
  });
}

/** The events file of a service, or undefined when it declares no events. */
export function emitEventsFile(service: ServiceModel, context: EmitContext): EmittedFile | undefined {
  if (service.events.length === 0) return undefined;
  const path = eventsPath(service.name);
  const file = createSourceFile(path);
  const imports = new Imports();
  imports.type(CODEGEN_MODULE, 'EventDescriptor');
  for (const event of service.events) {
    const module = importSpecifier(path, messageTypePath(event.payload));
    imports.value(module, messageDescriptorName(event.payload));
    imports.type(module, event.payload);
  }
  imports.addTo(file);
  for (const event of service.events) {
    const docs = [event.description, `Topic \`${event.topic}\`, payload {@link ${event.payload}}.`, seeTag(context, event.source.file, event.source.pointer)];
    file.addVariableStatement({
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [docs.filter((line): line is string => line !== undefined).map(docText).join('\n\n')],
      declarations: [
        {
          name: eventConstName(service.name, event.name),
          initializer: (writer) => writer.write(`${eventLiteral(service, event)} as const satisfies EventDescriptor<${event.payload}>`),
        },
      ],
    });
  }
  return { path, content: finishSourceFile(file, headerLine(context.version, [service.source.file])) };
}
