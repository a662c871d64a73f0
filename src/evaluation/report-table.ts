/**
 * Plain-text rendering of an evaluation report for the terminal: the conditions table, normal
 * time by context, the first false alarms, the Invoxia replay and PASS/FAIL per target.
 * Pure (returns a string); the CLI prints it.
 */
import type { EvaluationReport } from './evaluation-report.ts';

/** False alarms printed in the terminal; --json has up to MAX_FALSE_ALARMS_LISTED. */
const FALSE_ALARMS_PRINTED = 25;
/** Missed episodes printed per condition; --json lists them all. */
const MISSED_PRINTED = 8;

const f = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const kinds = (k: Record<string, number>) =>
  Object.entries(k)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([kind, n]) => `${kind}×${n}`)
    .join(' ') || '—';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatReport(r: EvaluationReport): string {
  const out: string[] = [];
  out.push(`PetTwin Care detection evaluation — seed ${r.seed}, ${r.size} library: ${r.episodes} episodes, ${(r.readings / 1e6).toFixed(2)} M readings, ${r.elapsedS} s`);
  out.push('');
  out.push('Conditions (detected = an expected-kind medical alert opened between onset and end + 30 s; TTD in seconds)');
  out.push(
    table(
      ['condition', 'episodes', 'detected', 'recall', 'any medical', 'TTD median', 'TTD p95', 'marker', 'reached', 'TTD-from-marker median', 'p95', 'kinds fired (episodes)'],
      r.conditions.map((c) => [
        c.name,
        String(c.episodes),
        String(c.detected),
        pct(c.recall),
        pct(c.recallAnyMedical),
        f(c.ttdMedianS),
        f(c.ttdP95S),
        c.marker ?? '—',
        c.marker ? String(c.markerReached) : '—',
        f(c.ttdFromMarkerMedianS),
        f(c.ttdFromMarkerP95S),
        kinds(c.kindsFired),
      ]),
    ),
  );
  for (const c of r.conditions) {
    if (c.missed.length === 0) continue;
    const shown = c.missed.slice(0, MISSED_PRINTED).join('; ');
    out.push(`  missed ${c.name} (${c.missed.length}): ${shown}${c.missed.length > MISSED_PRINTED ? '; …' : ''}`);
  }
  const o = r.overall;
  out.push(`overall: ${o.detected}/${o.episodes} detected (${pct(o.recall)}); any medical alert ${o.detectedAnyMedical}/${o.episodes} (${pct(o.recallAnyMedical)})`);
  out.push('');
  const n = r.normal;
  out.push(
    `Normal time incl. confounders: ${f(n.hours)} h = ${f(n.petDays, 2)} pet-days; false medical alerts ${n.falseMedical} (${f(n.falseMedicalPerPetDay, 3)} per pet-day); technical alerts ${n.technical} (${f(n.technicalPerPetDay, 2)} per pet-day)`,
  );
  out.push(
    table(
      ['context', 'episodes', 'hours', 'false medical', 'episodes w/ false', 'medical kinds', 'technical kinds'],
      n.contexts.map((c) => [c.name, String(c.episodes), f(c.hours), String(c.falseMedical), String(c.episodesWithFalseMedical), kinds(c.medicalKinds), kinds(c.technicalKinds)]),
    ),
  );
  if (n.falseAlarms.length > 0) {
    out.push('');
    out.push(`False medical alerts (first ${Math.min(FALSE_ALARMS_PRINTED, n.falseAlarms.length)} of ${n.falseMedical}):`);
    out.push(
      table(
        ['episode', 'pet', 'context', 'at (s)', 'kind', 'severity', 'HR', 'RR', 'temp', 'activity', 'quality'],
        n.falseAlarms.slice(0, FALSE_ALARMS_PRINTED).map((a) => [
          a.episodeId,
          a.pet,
          a.context,
          String(a.atS),
          a.kind,
          a.severity,
          f(a.heartRate, 0),
          f(a.respiratoryRate),
          f(a.temperatureC, 2),
          f(a.activity, 2),
          f(a.signalQuality, 2),
        ]),
      ),
    );
  }
  if (r.invoxia) {
    const v = r.invoxia;
    out.push('');
    out.push(
      `Invoxia replay (${v.file}): ${v.dogs} dogs, ${v.sessions} sessions, ${f(v.dogHours)} dog-hours, ${v.readings} readings; medical alerts ${v.medicalAlerts} (${f(v.medicalPer100DogHours, 2)} per 100 dog-hours); technical ${v.technicalAlerts} (${kinds(v.technicalKinds)})`,
    );
    for (const d of v.medicalByDog) out.push(`  ${d.petId} (${d.name}): ${d.kind} ×${d.count}`);
  }
  out.push('');
  out.push('Targets');
  for (const t of r.targets) {
    const v = t.value === null ? '—' : t.unit === 'fraction' ? pct(t.value) : `${f(t.value, t.unit === 's' ? 1 : 3)} ${t.unit}`;
    out.push(`  ${t.pass ? 'PASS' : 'FAIL'}  ${t.target}: ${v}`);
  }
  out.push(r.pass ? 'All targets met.' : 'Some targets are not met.');
  return out.join('\n');
}
