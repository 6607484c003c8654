/** The human-readable conformance report. */
import type { ConformanceReport, FileReport, GroupReport } from './types.js';

function status(f: FileReport): string {
  if (!f.claimed) return f.file.startsWith('optional/') ? 'optional, not claimed (format unknown to typewire)' : 'not claimed';
  if (f.formatGap !== undefined) return 'reported, not required: known format gaps (see below)';
  if (!f.ok) return 'required, FAIL';
  if (f.deviating > 0) return `required, pass; ${f.deviating} deviate by design (see below)`;
  return f.total === 0 ? 'required, pass (no group in the supported set)' : 'required, pass';
}

function groupLine(g: GroupReport): string {
  const counts = g.error === undefined ? `${g.passed}/${g.total}` : 'not run';
  const scope = g.supported ? 'supported' : `unsupported (${g.reason ?? ''})`;
  const notes = [
    g.deviations.length > 0 ? `${g.deviations.length} by design` : '',
    g.roundTripFailures.length > 0 ? `${g.roundTripFailures.length} round-trip failure(s)` : '',
    g.roundTripLimitations.length > 0 ? `${g.roundTripLimitations.length} round trip(s) at a known limitation` : '',
  ].filter((n) => n !== '');
  return `    ${counts.padStart(7)}  ${g.description}  [${[scope, ...notes].join(', ')}]`;
}

function failureLines(f: FileReport): string[] {
  const lines: string[] = [];
  for (const g of f.groups) {
    if (!g.supported) continue;
    if (g.error !== undefined) lines.push(`  ${f.file} / ${g.description}: could not compile: ${g.error}`);
    for (const t of g.failures) {
      const got = t.actual === null ? `threw ${t.error ?? ''}` : t.actual ? 'valid' : 'invalid';
      lines.push(`  ${f.file} / ${g.description} / ${t.test}: expected ${t.expected ? 'valid' : 'invalid'}, got ${got}`);
    }
    for (const r of g.roundTripFailures) lines.push(`  ${f.file} / ${g.description} / ${r.test}: ${r.codec} round trip: ${r.problem}`);
  }
  return lines;
}

/** The documented exceptions that apply in this run, each once. */
function exceptionLines(report: ConformanceReport): string[] {
  const lines: string[] = [];
  for (const f of report.files) {
    if (f.deviation !== undefined && f.deviating > 0) lines.push(`  ${f.file}: ${f.deviating} test(s) deviate by design: ${f.deviation}`);
    if (f.claimed && f.formatGap !== undefined) {
      lines.push(`  ${f.file}: ${f.passed}/${f.total}, reported, not required: ${f.formatGap}`);
    }
  }
  const limitations = new Map<string, number>();
  for (const g of report.files.flatMap((f) => f.groups)) {
    for (const r of g.roundTripLimitations) limitations.set(r.limitation ?? '', (limitations.get(r.limitation ?? '') ?? 0) + 1);
  }
  for (const [limitation, count] of limitations) lines.push(`  ${count} round trip(s): ${limitation}`);
  return lines;
}

export function formatReport(report: ConformanceReport): string {
  const width = Math.max(...report.files.map((f) => f.file.length), 4) + 1;
  const out: string[] = [`JSON Schema Test Suite (draft 2020-12): ${report.suite}`, ''];
  out.push(`${'file'.padEnd(width)}  supported  all tests  status`);
  for (const f of report.files) {
    out.push(`${`${f.file}:`.padEnd(width)}  ${`${f.passed}/${f.total}`.padStart(9)}  ${`${f.passedAll}/${f.totalAll}`.padStart(9)}  ${status(f)}`);
    out.push(...f.groups.map(groupLine));
  }
  const t = report.totals;
  const deviating = t.deviating > 0 ? ` (${t.deviating} more deviate by design)` : '';
  const limited = t.roundTripLimitations > 0 ? `, ${t.roundTripLimitations} at a known limitation` : '';
  out.push(
    '',
    `supported tests: ${t.passed}/${t.tests} passed${deviating} in ${t.supportedGroups}/${t.groups} supported groups; ` +
      `${t.requiredFiles} required files, ${t.failedFiles} failing; ` +
      `round trips: ${t.roundTrips - t.roundTripFailures - t.roundTripLimitations}/${t.roundTrips} unchanged${limited} ` +
      `(${(report.durationMs / 1000).toFixed(1)} s)`,
  );
  const exceptions = exceptionLines(report);
  if (exceptions.length > 0) out.push('', 'documented exceptions (docs/schemas.md):', ...exceptions);
  const failures = report.files.filter((f) => f.required).flatMap(failureLines);
  if (failures.length > 0) out.push('', 'failures in required files:', ...failures);
  out.push('', report.ok ? 'conformance: OK' : 'conformance: FAILED (a claimed keyword file does not pass 100 %)');
  return out.join('\n');
}
