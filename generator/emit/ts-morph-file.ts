/**
 * ts-morph source files for the emitters that build TypeScript structurally
 * (services, events). One in-memory project; the TypeScript formatter runs at
 * the end, so the output's layout depends on nothing but the structure.
 */
import { IndentationText, NewLineKind, Project, QuoteKind, ts, type SourceFile } from 'ts-morph';
import { CODEGEN_MODULE, codegenTypes, codegenValues } from './codegen-imports.js';

let project: Project | undefined;

function sharedProject(): Project {
  project ??= new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      quoteKind: QuoteKind.Single,
      newLineKind: NewLineKind.LineFeed,
      useTrailingCommas: true,
    },
  });
  return project;
}

/** A fresh, empty source file at `path` (relative to the out dir). */
export function createSourceFile(path: string): SourceFile {
  return sharedProject().createSourceFile(`/${path}`, '', { overwrite: true });
}

/** The file's text with the header line on top; the source file is dropped from the project. */
export function finishSourceFile(file: SourceFile, header: string): string {
  file.formatText({ indentSize: 2, tabSize: 2, convertTabsToSpaces: true, semicolons: ts.SemicolonPreference.Insert });
  const text = file.getFullText();
  sharedProject().removeSourceFile(file);
  return `${header}\n${text.trimEnd()}\n`;
}

/**
 * Collects what a file imports from each module, then writes the imports in
 * a fixed order: typewire/codegen first, then other files by path; names sorted.
 */
export class Imports {
  private readonly modules = new Map<string, { values: Set<string>; types: Set<string> }>();

  private entry(module: string): { values: Set<string>; types: Set<string> } {
    let entry = this.modules.get(module);
    if (entry === undefined) this.modules.set(module, (entry = { values: new Set(), types: new Set() }));
    return entry;
  }

  value(module: string, name: string): void {
    this.entry(module).values.add(name);
  }

  type(module: string, name: string): void {
    this.entry(module).types.add(name);
  }

  /** Adds the import declarations; codegen names go through the runtime's allow-list. */
  addTo(file: SourceFile): void {
    const modules = [...this.modules.keys()].sort((a, b) => (a === CODEGEN_MODULE ? -1 : b === CODEGEN_MODULE ? 1 : a < b ? -1 : a > b ? 1 : 0));
    for (const module of modules) {
      const { values, types } = this.modules.get(module)!;
      if (module === CODEGEN_MODULE) {
        const valueNames = codegenValues(values);
        const typeNames = codegenTypes(types);
        if (valueNames.length > 0) file.addImportDeclaration({ moduleSpecifier: module, namedImports: valueNames });
        if (typeNames.length > 0) file.addImportDeclaration({ moduleSpecifier: module, namedImports: typeNames, isTypeOnly: true });
        continue;
      }
      const valueNames = [...values].sort();
      const typeNames = [...types].filter((name) => !values.has(name)).sort();
      if (valueNames.length === 0) {
        file.addImportDeclaration({ moduleSpecifier: module, namedImports: typeNames, isTypeOnly: true });
      } else {
        file.addImportDeclaration({ moduleSpecifier: module, namedImports: [...valueNames.map((name) => ({ name })), ...typeNames.map((name) => ({ name, isTypeOnly: true }))] });
      }
    }
  }
}
